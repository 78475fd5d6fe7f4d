package vn.stocktracker.market.alert;

/**
 * The trades of one symbol within a trailing time window: their count and total volume, kept as a
 * ring of (time, volume) that grows when needed. Times must not go backwards by more than the window
 * (a late trade is simply counted). Confined to the processor's thread.
 */
final class TradeWindow {
    private long[] ts = new long[64];
    private long[] vol = new long[64];
    private int head;
    private int size;
    private long sum;

    /** Forgets the trades at or before {@code cutoff} (they are older than the window). */
    void evictUpTo(long cutoff) {
        int mask = ts.length - 1;
        while (size > 0 && ts[head] <= cutoff) {
            sum -= vol[head];
            head = (head + 1) & mask;
            size--;
        }
    }

    void add(long t, long v) {
        if (size == ts.length) {
            grow();
        }
        int i = (head + size) & (ts.length - 1);
        ts[i] = t;
        vol[i] = v;
        size++;
        sum += v;
    }

    private void grow() {
        long[] nt = new long[ts.length * 2];
        long[] nv = new long[ts.length * 2];
        for (int k = 0; k < size; k++) {
            int i = (head + k) & (ts.length - 1);
            nt[k] = ts[i];
            nv[k] = vol[i];
        }
        ts = nt;
        vol = nv;
        head = 0;
    }

    int count() {
        return size;
    }

    long sum() {
        return sum;
    }

    void clear() {
        head = size = 0;
        sum = 0;
    }
}
