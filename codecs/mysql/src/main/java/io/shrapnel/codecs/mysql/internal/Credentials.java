package io.shrapnel.codecs.mysql.internal;

/** Who logs in, to which default database, and whether an RSA key may be fetched in the clear. */
public record Credentials(String user, String password, String database, boolean allowPublicKeyRetrieval) {
    @Override
    public String toString() {
        return "Credentials[" + user + ", database " + database + "]"; // never the password
    }
}
