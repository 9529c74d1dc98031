package io.shrapnel.codecs.postgres.internal;

/** The type OIDs this client knows (pg_type.oid; fixed in every PostgreSQL). */
public final class Oid {
    private Oid() {}

    public static final int BOOL = 16;
    public static final int BYTEA = 17;
    public static final int CHAR = 18;
    public static final int NAME = 19;
    public static final int INT8 = 20;
    public static final int INT2 = 21;
    public static final int INT4 = 23;
    public static final int TEXT = 25;
    public static final int OID = 26;
    public static final int JSON = 114;
    public static final int FLOAT4 = 700;
    public static final int FLOAT8 = 701;
    public static final int UNKNOWN = 705;
    public static final int BPCHAR = 1042;
    public static final int VARCHAR = 1043;
    public static final int DATE = 1082;
    public static final int TIME = 1083;
    public static final int TIMESTAMP = 1114;
    public static final int TIMESTAMPTZ = 1184;
    public static final int INTERVAL = 1186;
    public static final int NUMERIC = 1700;
    public static final int UUID = 2950;
    public static final int JSONB = 3802;

    /** The element type of a known array type, or 0. */
    public static int elementOf(int arrayOid) {
        return switch (arrayOid) {
            case 1000 -> BOOL;
            case 1001 -> BYTEA;
            case 1003 -> NAME;
            case 1005 -> INT2;
            case 1007 -> INT4;
            case 1009 -> TEXT;
            case 1014 -> BPCHAR;
            case 1015 -> VARCHAR;
            case 1016 -> INT8;
            case 1021 -> FLOAT4;
            case 1022 -> FLOAT8;
            case 1115 -> TIMESTAMP;
            case 1182 -> DATE;
            case 1183 -> TIME;
            case 1185 -> TIMESTAMPTZ;
            case 1187 -> INTERVAL;
            case 1231 -> NUMERIC;
            case 2951 -> UUID;
            case 199 -> JSON;
            case 3807 -> JSONB;
            default -> 0;
        };
    }

    /** Whether results of this type are asked for in binary (this client decodes them). */
    public static boolean binaryResult(int oid) {
        return switch (oid) {
            case BOOL, BYTEA, INT8, INT2, INT4, TEXT, VARCHAR, BPCHAR, NAME, FLOAT4, FLOAT8, DATE, TIME,
                 TIMESTAMP, TIMESTAMPTZ, INTERVAL, NUMERIC, UUID, OID -> true;
            default -> elementOf(oid) != 0 && binaryResult(elementOf(oid));
        };
    }
}
