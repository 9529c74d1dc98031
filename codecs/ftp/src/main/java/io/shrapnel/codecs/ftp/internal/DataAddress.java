package io.shrapnel.codecs.ftp.internal;

import io.shrapnel.codecs.ftp.FtpProtocolException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The addresses of data connections on the control connection: what PASV (RFC 959) and EPSV
 * (RFC 2428) replies announce, and the arguments of PORT and EPRT.
 *
 * <p>Threading: stateless.
 */
public final class DataAddress {
    private static final Pattern PASV = Pattern.compile("(\\d{1,3}),(\\d{1,3}),(\\d{1,3}),(\\d{1,3}),(\\d{1,3}),(\\d{1,3})");

    private DataAddress() {}

    /** The address in a 227 reply's text, e.g. {@code Entering Passive Mode (127,0,0,1,78,52)}. */
    public static InetSocketAddress pasv(String text) throws FtpProtocolException {
        Matcher m = PASV.matcher(text);
        if (!m.find()) {
            throw new FtpProtocolException("a PASV reply without h1,h2,h3,h4,p1,p2: " + ReplyAssembler.shorten(text));
        }
        byte[] ip = new byte[4];
        int[] v = new int[6];
        for (int i = 0; i < 6; i++) {
            v[i] = Integer.parseInt(m.group(i + 1));
            if (v[i] > 255) {
                throw new FtpProtocolException("a PASV reply with a number over 255: " + ReplyAssembler.shorten(text));
            }
            if (i < 4) {
                ip[i] = (byte) v[i];
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), v[4] * 256 + v[5]);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e); // four bytes are always an address
        }
    }

    /** The port in a 229 reply's text, e.g. {@code Entering Extended Passive Mode (|||20100|)}. */
    public static int epsv(String text) throws FtpProtocolException {
        int open = text.indexOf('(');
        int close = text.indexOf(')', open + 1);
        if (open < 0 || close < 0 || close - open < 6) {
            throw new FtpProtocolException("an EPSV reply without (|||port|): " + ReplyAssembler.shorten(text));
        }
        String inner = text.substring(open + 1, close);
        char d = inner.charAt(0);
        String[] parts = inner.split(Pattern.quote(String.valueOf(d)), -1);
        if (d < 33 || d > 126 || parts.length != 5 || !(parts[0] + parts[1] + parts[2] + parts[4]).isEmpty()) {
            throw new FtpProtocolException("an EPSV reply without (|||port|): " + ReplyAssembler.shorten(text));
        }
        try {
            int port = Integer.parseInt(parts[3]);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new FtpProtocolException("an EPSV reply with a bad port: " + ReplyAssembler.shorten(text));
        }
    }

    /** PORT's argument: {@code h1,h2,h3,h4,p1,p2} (IPv4 only). */
    public static String port(InetSocketAddress a) {
        byte[] ip = a.getAddress().getAddress();
        if (ip.length != 4) {
            throw new IllegalArgumentException("PORT takes IPv4 addresses only; use EPRT for " + a);
        }
        return (ip[0] & 255) + "," + (ip[1] & 255) + "," + (ip[2] & 255) + "," + (ip[3] & 255) + ","
                + (a.getPort() >> 8) + "," + (a.getPort() & 255);
    }

    /** EPRT's argument: {@code |1|127.0.0.1|20100|} or {@code |2|::1|20100|}. */
    public static String eprt(InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        String host = ip.getHostAddress();
        int scope = host.indexOf('%');
        if (scope >= 0) {
            host = host.substring(0, scope);
        }
        return "|" + (ip instanceof Inet6Address ? 2 : 1) + "|" + host + "|" + a.getPort() + "|";
    }
}
