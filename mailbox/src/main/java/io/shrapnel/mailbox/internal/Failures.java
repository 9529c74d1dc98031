package io.shrapnel.mailbox.internal;

/** One-line descriptions of exceptions for stderr reports: the exception and where it was thrown. */
final class Failures {
    private static final int FRAMES = 3;

    private Failures() {}

    static String compact(Throwable t) {
        StringBuilder b = new StringBuilder(t.toString());
        StackTraceElement[] stack = t.getStackTrace();
        for (int i = 0; i < Math.min(FRAMES, stack.length); i++) {
            b.append(i == 0 ? " at " : " < ").append(stack[i].getClassName().replaceFirst(".*\\.", ""))
                    .append('.').append(stack[i].getMethodName()).append(':').append(stack[i].getLineNumber());
        }
        if (t.getCause() != null && t.getCause() != t) {
            b.append(" caused by ").append(t.getCause());
        }
        return b.toString();
    }
}
