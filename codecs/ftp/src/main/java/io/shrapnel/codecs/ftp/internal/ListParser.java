package io.shrapnel.codecs.ftp.internal;

import io.shrapnel.codecs.ftp.FtpEntry;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses the lines of a LIST reply, which no standard defines: Unix {@code ls -l} lines (what
 * pure-ftpd, vsftpd, ProFTPD and most others send) and DOS/IIS lines. A line it does not understand
 * ({@code "total 12"}, a banner) gives null rather than a guess.
 *
 * <p>Times are read in UTC. A Unix line shows {@code HH:MM} instead of a year for files from the
 * last six months: the year is the one that puts the date not more than a day after {@code now}.
 *
 * <p>Threading: stateless.
 */
public final class ListParser {
    private static final String MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec";

    private ListParser() {}

    /** The entry of one line, or null if the line is not an entry. */
    public static FtpEntry parse(String line, Instant now) {
        List<int[]> tokens = tokens(line);
        FtpEntry e = unix(line, tokens, now);
        return e != null ? e : dos(line, tokens);
    }

    /** The [start, end) of each run of non-blank characters. */
    private static List<int[]> tokens(String line) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < n && line.charAt(i) != ' ') {
                i++;
            }
            if (i > start) {
                out.add(new int[] {start, i});
            }
        }
        return out;
    }

    private static String tok(String line, int[] t) {
        return line.substring(t[0], t[1]);
    }

    private static FtpEntry unix(String line, List<int[]> t, Instant now) {
        if (t.size() < 6) {
            return null;
        }
        String perms = tok(line, t.get(0));
        FtpEntry.Type type = switch (perms.charAt(0)) {
            case '-' -> FtpEntry.Type.FILE;
            case 'd' -> FtpEntry.Type.DIRECTORY;
            case 'l' -> FtpEntry.Type.LINK;
            case 'b', 'c', 'p', 's' -> FtpEntry.Type.OTHER;
            default -> null;
        };
        if (type == null || perms.length() < 10) {
            return null;
        }
        // the size is the number just before the month; owner and group may be missing or hold digits
        for (int i = 1; i + 4 < t.size(); i++) {
            int month = month(tok(line, t.get(i + 1)));
            long size = number(tok(line, t.get(i)));
            long day = number(tok(line, t.get(i + 2)));
            Instant when = month < 0 || size < 0 || day < 1 || day > 31
                    ? null : unixTime(month, (int) day, tok(line, t.get(i + 3)), now);
            if (when == null) {
                continue;
            }
            String name = line.substring(t.get(i + 4)[0]);
            String target = null;
            if (type == FtpEntry.Type.LINK) {
                int arrow = name.indexOf(" -> ");
                if (arrow >= 0) {
                    target = name.substring(arrow + 4);
                    name = name.substring(0, arrow);
                }
            }
            return new FtpEntry(name, type, size, when, target, Map.of());
        }
        return null;
    }

    private static Instant unixTime(int month, int day, String yearOrTime, Instant now) {
        try {
            if (yearOrTime.length() == 5 && yearOrTime.charAt(2) == ':') {
                int hour = Integer.parseInt(yearOrTime.substring(0, 2));
                int minute = Integer.parseInt(yearOrTime.substring(3));
                int year = LocalDateTime.ofInstant(now, ZoneOffset.UTC).getYear();
                LocalDateTime at = LocalDateTime.of(year, month, day, hour, minute);
                if (at.toInstant(ZoneOffset.UTC).isAfter(now.plusSeconds(86_400))) {
                    at = at.minusYears(1);
                }
                return at.toInstant(ZoneOffset.UTC);
            }
            if (yearOrTime.length() == 4) {
                return LocalDate.of(Integer.parseInt(yearOrTime), month, day).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return null;
        } catch (RuntimeException e) {
            return null; // Feb 30, 25:99, a sign: not a date
        }
    }

    /** {@code 12-06-26  06:21PM  <DIR>  name} or {@code 12-06-26  06:21PM  1234 name}. */
    private static FtpEntry dos(String line, List<int[]> t) {
        if (t.size() < 4) {
            return null;
        }
        String date = tok(line, t.get(0));
        String time = tok(line, t.get(1));
        String sizeOrDir = tok(line, t.get(2));
        if (date.length() != 8 && date.length() != 10 || date.charAt(2) != '-' || date.charAt(5) != '-') {
            return null;
        }
        try {
            int m = Integer.parseInt(date.substring(0, 2));
            int d = Integer.parseInt(date.substring(3, 5));
            int y = Integer.parseInt(date.substring(6));
            y = date.length() == 8 ? (y < 70 ? 2000 + y : 1900 + y) : y;
            boolean pm = time.endsWith("PM");
            boolean am = time.endsWith("AM");
            String hm = am || pm ? time.substring(0, time.length() - 2) : time;
            int colon = hm.indexOf(':');
            int hour = Integer.parseInt(hm.substring(0, colon)) % (am || pm ? 12 : 24) + (pm ? 12 : 0);
            int minute = Integer.parseInt(hm.substring(colon + 1));
            Instant when = LocalDateTime.of(y, m, d, hour, minute).toInstant(ZoneOffset.UTC);
            boolean dir = sizeOrDir.equals("<DIR>");
            long size = dir ? -1 : number(sizeOrDir);
            if (!dir && size < 0) {
                return null;
            }
            return new FtpEntry(line.substring(t.get(3)[0]), dir ? FtpEntry.Type.DIRECTORY : FtpEntry.Type.FILE,
                    size, when, null, Map.of());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** 1..12 for an English month abbreviation, else -1. */
    private static int month(String s) {
        if (s.length() != 3) {
            return -1;
        }
        int i = MONTHS.indexOf(s.toLowerCase(java.util.Locale.ROOT));
        return i >= 0 && i % 4 == 0 ? i / 4 + 1 : -1;
    }

    /** A non-negative decimal number, or -1. */
    private static long number(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
