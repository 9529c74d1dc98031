package io.shrapnel.kernel;

/** A resume listener that throws from both calls (the loop must report it and carry on). */
final class FailingResumeListener implements ResumeListener {
    @Override
    public void resuming(Coro coro) {
        throw new IllegalStateException("resuming fails");
    }

    @Override
    public void suspended(Coro coro) {
        throw new IllegalStateException("suspended fails");
    }
}
