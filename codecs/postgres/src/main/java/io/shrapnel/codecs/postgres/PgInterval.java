package io.shrapnel.codecs.postgres;

/**
 * A PostgreSQL {@code interval}: months, days and microseconds are separate because their lengths
 * vary (a month is 28 to 31 days, a day 23 to 25 hours across a DST change).
 */
public record PgInterval(int months, int days, long micros) {
    /** ISO 8601, as PostgreSQL reads it back: {@code P1Y2M3DT4H5M6.5S}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("P");
        if (months / 12 != 0) {
            sb.append(months / 12).append('Y');
        }
        if (months % 12 != 0) {
            sb.append(months % 12).append('M');
        }
        if (days != 0) {
            sb.append(days).append('D');
        }
        if (micros != 0) {
            sb.append('T');
            long hours = micros / 3_600_000_000L;
            long minutes = micros / 60_000_000L % 60;
            long rest = micros % 60_000_000L;
            if (hours != 0) {
                sb.append(hours).append('H');
            }
            if (minutes != 0) {
                sb.append(minutes).append('M');
            }
            if (rest != 0) {
                sb.append(new java.math.BigDecimal(rest).movePointLeft(6).stripTrailingZeros().toPlainString())
                        .append('S');
            }
        }
        return sb.length() == 1 ? "PT0S" : sb.toString();
    }
}
