package io.shrapnel.codecs.ftp;

/**
 * How the client gets its data connections, named after the command that sets each one up.
 * Passive modes connect to the server (they pass firewalls and NAT on the client's side); active
 * modes have the server connect back to a port the client listens on.
 */
public enum DataMode {
    /** RFC 2428 extended passive (the default): the server names only a port; falls back to PASV if refused. */
    EPSV,
    /** RFC 959 passive. The address in the reply is ignored but for its port: the client connects to
     *  the control connection's peer, so a hostile server cannot aim it elsewhere. */
    PASV,
    /** RFC 2428 extended active: works for IPv4 and IPv6. */
    EPRT,
    /** RFC 959 active (IPv4 only). */
    PORT;

    boolean passive() {
        return this == EPSV || this == PASV;
    }
}
