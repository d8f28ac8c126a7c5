package org.custodian.pupils.internal;

import java.nio.ByteBuffer;

/**
 * The UPN blind indexes an import has seen, as 128-bit prefixes in an open-addressing table: 16
 * bytes a pupil (a million pupils in ~32 MB), where a set of arrays would take several times that.
 * Two different UPNs share a 128-bit prefix of their PRF output with negligible probability.
 */
final class SeenUpns {

    private long[] high = new long[1 << 12];
    private long[] low = new long[1 << 12];
    private boolean[] used = new boolean[1 << 12];
    private int size;

    /** Adds the index; false if it was there already. */
    boolean add(byte[] blindIndex) {
        if (size * 2 >= used.length) {
            grow();
        }
        ByteBuffer bytes = ByteBuffer.wrap(blindIndex);
        return insert(bytes.getLong(0), bytes.getLong(8));
    }

    boolean contains(byte[] blindIndex) {
        ByteBuffer bytes = ByteBuffer.wrap(blindIndex);
        long h = bytes.getLong(0), l = bytes.getLong(8);
        for (int slot = slot(h, used.length); used[slot]; slot = (slot + 1) & (used.length - 1)) {
            if (high[slot] == h && low[slot] == l) {
                return true;
            }
        }
        return false;
    }

    int size() {
        return size;
    }

    private boolean insert(long h, long l) {
        int slot = slot(h, used.length);
        for (; used[slot]; slot = (slot + 1) & (used.length - 1)) {
            if (high[slot] == h && low[slot] == l) {
                return false;
            }
        }
        used[slot] = true;
        high[slot] = h;
        low[slot] = l;
        size++;
        return true;
    }

    private void grow() {
        long[] oldHigh = high, oldLow = low;
        boolean[] oldUsed = used;
        high = new long[oldUsed.length * 2];
        low = new long[oldUsed.length * 2];
        used = new boolean[oldUsed.length * 2];
        size = 0;
        for (int i = 0; i < oldUsed.length; i++) {
            if (oldUsed[i]) {
                insert(oldHigh[i], oldLow[i]);
            }
        }
    }

    /** The PRF output is uniformly random, so its high bits are a good slot already. */
    private static int slot(long h, int capacity) {
        return (int) (h >>> 1) & (capacity - 1);
    }
}
