package vn.stocktracker.market.alert;

/**
 * Samples of one value over time, at most one per second (a later sample in the same second replaces
 * the earlier), from which the value "one window ago" is read: the latest sample at or before
 * {@code now - window}. Older samples than that one are dropped as they can never be the base again.
 * Confined to the processor's thread.
 */
final class SampleRing {
    private long[] ts = new long[64];
    private long[] val = new long[64];
    private int head;
    private int size;

    private int at(int k) {
        return (head + k) & (ts.length - 1);
    }

    /**
     * Drops samples that are older than the latest one at or before {@code cutoff}; afterwards
     * {@link #hasBase} tells whether such a sample exists.
     */
    void trim(long cutoff) {
        while (size >= 2 && ts[at(1)] <= cutoff) {
            head = at(1);
            size--;
        }
    }

    /** Whether the oldest sample is at or before {@code cutoff} (call {@link #trim} first). */
    boolean hasBase(long cutoff) {
        return size > 0 && ts[head] <= cutoff;
    }

    long baseTs() {
        return ts[head];
    }

    long baseValue() {
        return val[head];
    }

    void add(long t, long v) {
        if (size > 0 && Math.floorDiv(ts[at(size - 1)], 1000L) == Math.floorDiv(t, 1000L)) {
            val[at(size - 1)] = v;
            ts[at(size - 1)] = t;
            return;
        }
        if (size == ts.length) {
            grow();
        }
        int i = at(size);
        ts[i] = t;
        val[i] = v;
        size++;
    }

    private void grow() {
        long[] nt = new long[ts.length * 2];
        long[] nv = new long[ts.length * 2];
        for (int k = 0; k < size; k++) {
            nt[k] = ts[at(k)];
            nv[k] = val[at(k)];
        }
        ts = nt;
        val = nv;
        head = 0;
    }

    int size() {
        return size;
    }

    /** Keeps only the newest sample (the base after an alert must be newer than the alert). */
    void keepLast() {
        if (size > 1) {
            head = at(size - 1);
            size = 1;
        }
    }

    void clear() {
        head = size = 0;
    }
}
