package io.shrapnel.codecs.http.internal;

import java.io.IOException;

/** Where HTTP bytes go: all of {@code buf[off, off+len)} is written before this returns. */
@FunctionalInterface
public interface ByteSink {
    void write(byte[] buf, int off, int len) throws IOException;
}
