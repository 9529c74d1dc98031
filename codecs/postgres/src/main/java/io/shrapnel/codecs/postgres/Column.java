package io.shrapnel.codecs.postgres;

/**
 * One column of a result: its name, its type's OID ({@code pg_type.oid}), and whether its values
 * arrive in binary ({@code format} 1) or text (0).
 */
public record Column(String name, int typeOid, int format) {}
