package io.shrapnel.codecs.ldap;

/** How far below the base a search looks, in wire order. */
public enum Scope {
    /** The base entry only. */
    BASE,
    /** The entries immediately below the base. */
    ONE,
    /** The base and everything below it. */
    SUB
}
