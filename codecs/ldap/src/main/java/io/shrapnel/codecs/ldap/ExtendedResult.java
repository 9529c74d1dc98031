package io.shrapnel.codecs.ldap;

/** The answer to an extended operation: its result, and the response name and value if the server sent them. */
public record ExtendedResult(LdapResult result, String name, byte[] value) {}
