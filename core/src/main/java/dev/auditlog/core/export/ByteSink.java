package dev.auditlog.core.export;

import java.util.Arrays;

/** An unsynchronised growable byte buffer, reused from entry to entry. */
final class ByteSink {
    private byte[] buf = new byte[1024];
    private int size;

    void write(int b) {
        if (size == buf.length) buf = Arrays.copyOf(buf, size * 2);
        buf[size++] = (byte) b;
    }

    void write(byte[] src) {
        write(src, 0, src.length);
    }

    void write(byte[] src, int from, int to) {
        int n = to - from;
        if (size + n > buf.length) buf = Arrays.copyOf(buf, Math.max(size * 2, size + n));
        System.arraycopy(src, from, buf, size, n);
        size += n;
    }

    int size() {
        return size;
    }

    /** Drops everything from {@code newSize} on. */
    void truncate(int newSize) {
        size = newSize;
    }

    /** The buffer itself, valid up to {@link #size()} until the next write. */
    byte[] array() {
        return buf;
    }
}
