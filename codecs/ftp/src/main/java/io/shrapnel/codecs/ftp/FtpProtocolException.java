package io.shrapnel.codecs.ftp;

import java.io.IOException;

/**
 * The peer broke the protocol: a reply that is not FTP, a line or reply over its bound, an address
 * that cannot be parsed. The connection it came from is closed.
 */
public final class FtpProtocolException extends IOException {
    public FtpProtocolException(String message) {
        super(message);
    }
}
