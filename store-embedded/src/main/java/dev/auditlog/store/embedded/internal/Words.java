package dev.auditlog.store.embedded.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Tests on eight bytes at once, for the loops of the CSV export that look at every byte it writes: each test
 * gives a mask with the high bit set in exactly the bytes that pass it (no carry crosses from one byte into the
 * next), and {@link #first} turns a mask into the position of its first such byte.
 */
final class Words {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long ONES = 0x0101010101010101L;

    private Words() {
    }

    /** The eight bytes at {@code b[i]}, the first in the lowest bits. */
    static long at(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** The bytes of {@code word} that are zero. */
    static long zero(long word) {
        return ~(((word & LOW7) + LOW7) | word | LOW7);
    }

    /** The bytes of {@code word} equal to {@code c}. */
    static long equal(long word, char c) {
        return zero(word ^ (c * ONES));
    }

    /** The bytes of {@code word} below 0x20, the control characters JSON escapes. */
    static long control(long word) {
        return zero(word & 0xE0E0E0E0E0E0E0E0L);
    }

    /** The position, within its word, of the first byte a non-zero mask marks. */
    static int first(long mask) {
        return Long.numberOfTrailingZeros(mask) >>> 3;
    }
}
