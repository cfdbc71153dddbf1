package dev.auditlog.core.event;

import java.util.Arrays;

/**
 * Strict IP address literals, parsed by hand.
 *
 * <p>Why not {@code InetAddress.getByName}: given anything that is not a literal it resolves the
 * name over DNS, so a client could make ingest block on (or probe) the network. This parser only
 * accepts dotted-quad IPv4 (no leading zeros, which some stacks read as octal) and RFC 4291 IPv6
 * text (with an optional dotted-quad tail, without zone ids), and prints IPv6 in the RFC 5952
 * canonical form so equal addresses are stored, searched and hashed as equal strings.
 */
public final class IpAddresses {
    private static final int MAX_LENGTH = 45;

    private IpAddresses() {
    }

    /** The canonical text of an IP literal (IPv4 as given, IPv6 per RFC 5952), or null if it is not one. */
    public static String canonical(String text) {
        byte[] bytes = parse(text);
        if (bytes == null) return null;
        return bytes.length == 4 ? text : formatV6(bytes);
    }

    /** The 4 or 16 address bytes of an IP literal, or null if {@code text} is not one. */
    public static byte[] parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) return null;
        return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
    }

    private static byte[] parseV4(String text) {
        char first = text.charAt(0);
        if (first < '0' || first > '9') return null; // most texts: no split for them (an erasure tries every text)
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) return null;
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) return null;
            int value = 0;
            for (int j = 0; j < p.length(); j++) {
                char c = p.charAt(j);
                if (c < '0' || c > '9') return null;
                value = value * 10 + (c - '0');
            }
            if (value > 255) return null;
            out[i] = (byte) value;
        }
        return out;
    }

    private static byte[] parseV6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) return null;
        int[] head = groups(gap < 0 ? text : text.substring(0, gap), gap < 0);
        int[] tail = gap < 0 ? new int[0] : groups(text.substring(gap + 2), true);
        if (head == null || tail == null) return null;
        int count = head.length + tail.length;
        if (gap < 0 ? count != 8 : count > 7) return null;
        int[] all = new int[8];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, 8 - tail.length, tail.length);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (all[i] >> 8);
            out[2 * i + 1] = (byte) all[i];
        }
        return out;
    }

    /** The 16-bit groups of one side of a "::" (or the whole address); an IPv4 tail counts as two. */
    private static int[] groups(String side, boolean mayEndInV4) {
        if (side.isEmpty()) return new int[0];
        String[] parts = side.split(":", -1);
        int[] out = new int[parts.length + 1];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (mayEndInV4 && i == parts.length - 1 && p.indexOf('.') >= 0) {
                byte[] v4 = parseV4(p);
                if (v4 == null) return null;
                out[n++] = (v4[0] & 0xff) << 8 | (v4[1] & 0xff);
                out[n++] = (v4[2] & 0xff) << 8 | (v4[3] & 0xff);
            } else {
                int g = hexGroup(p);
                if (g < 0) return null;
                out[n++] = g;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static int hexGroup(String p) {
        if (p.isEmpty() || p.length() > 4) return -1;
        int value = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            int d = c >= '0' && c <= '9' ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) return -1;
            value = value << 4 | d;
        }
        return value;
    }

    private static String formatV6(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff) {
            return "::ffff:" + (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
