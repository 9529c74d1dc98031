package io.shrapnel.codecs.ldap;

/** One change of a modify request (RFC 4511 4.6). */
public record Modification(Op op, Attribute attribute) {
    /** The operation, in wire order (add 0, delete 1, replace 2). */
    public enum Op { ADD, DELETE, REPLACE }

    public static Modification add(String name, String... values) {
        return new Modification(Op.ADD, Attribute.of(name, values));
    }

    /** Deletes the values given, or the whole attribute if none are. */
    public static Modification delete(String name, String... values) {
        return new Modification(Op.DELETE, Attribute.of(name, values));
    }

    public static Modification replace(String name, String... values) {
        return new Modification(Op.REPLACE, Attribute.of(name, values));
    }
}
