package dev.auditlog.core.settings;

import dev.auditlog.core.event.IpAddresses;
import dev.auditlog.core.event.Text;
import java.util.Arrays;

/** An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}; a bare address is /32 or /128). */
public final class Cidr {
    private final String text;
    private final byte[] network;
    private final int prefix;

    /** {@code network} and {@code prefix} as matched: an IPv4-mapped network is kept in its IPv4 form. */
    private Cidr(String text, byte[] network, int prefix) {
        this.text = text;
        this.network = network;
        this.prefix = prefix;
    }

    /** @throws IllegalArgumentException when {@code text} is not a CIDR */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] network = IpAddresses.parse(address);
        if (network == null) throw new IllegalArgumentException("not an IP address: " + address);
        int bits = network.length * 8;
        long written = slash < 0 ? bits : Text.asciiNumber(text.substring(slash + 1));
        if (written < 0) throw new IllegalArgumentException("not a prefix length: " + text.substring(slash + 1));
        if (written > bits) throw new IllegalArgumentException("prefix length must be 0–" + bits);
        int prefix = (int) written;
        String canonical = IpAddresses.canonical(address) + "/" + prefix;
        if (isIpv4Mapped(network) && prefix >= 96) { // ::ffff:10.0.0.0/104 is 10.0.0.0/8
            network = unmapped(network);
            prefix -= 96;
        }
        return new Cidr(canonical, mask(network, prefix), prefix);
    }

    /**
     * Whether the raw address (4 or 16 bytes) lies in this network. An IPv4-mapped IPv6 address
     * ({@code ::ffff:10.0.0.1}, as a dual-stack socket reports an IPv4 client) is taken as the IPv4 address it
     * maps, and a network written that way as the IPv4 network; otherwise IPv4 never matches IPv6.
     */
    public boolean contains(byte[] address) {
        byte[] a = unmapped(address);
        return a.length == network.length && Arrays.equals(mask(a, prefix), network);
    }

    private static boolean isIpv4Mapped(byte[] a) {
        if (a.length != 16 || a[10] != (byte) 0xff || a[11] != (byte) 0xff) return false;
        for (int i = 0; i < 10; i++) if (a[i] != 0) return false;
        return true;
    }

    private static byte[] unmapped(byte[] a) {
        return isIpv4Mapped(a) ? Arrays.copyOfRange(a, 12, 16) : a;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff00 >>> keep);
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
