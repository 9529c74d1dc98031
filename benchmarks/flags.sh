# Sourced by the run-*.sh scripts after they built benchmarks/target/benchmarks.jar: FLAGS is the JVM
# flags the library needs, read from the one place they are written (the root pom's
# shrapnel.jvm.args, copied into the jar's build as shrapnel-jvm.args). Pass them to the host JVM:
# JMH's forks inherit the host's flags, so no @Fork annotation repeats them.
FLAGS="$(cat benchmarks/target/classes/shrapnel-jvm.args)"
