package io.shrapnel.kernel;

/** A timer that does nothing when it fires, known by a number: for tests of the timer queues. */
final class NamedTimer extends Timer {
    final int id;

    NamedTimer(int id) {
        this.id = id;
    }

    @Override
    boolean fire(Scheduler scheduler) {
        return false;
    }

    @Override
    String describe() {
        return "timer " + id;
    }
}
