package vn.stocktracker.market;

/**
 * Foreign flow of one stock from cumulative values: deltas, speed over a 5-minute window and
 * acceleration (API.md "ForeignView"). Samples (at most one per second, the last update of that second)
 * live in a small ring; confined to the processor's thread.
 */
final class ForeignState {
    static final long WINDOW_MS = 5 * 60_000L;
    static final long ACCEL_MS = 60_000L;
    static final long MIN_SPAN_MS = 60_000L;
    private static final int CAP = 1024;

    final String symbol;
    long ts;
    long totalRoom;
    long currentRoom;
    long buyVol;
    long sellVol;
    long buyVal;
    long sellVal;
    double speed;
    double acceleration;
    boolean seen;

    // ring of samples (ts, netVol, speed), oldest at head
    private final long[] sTs = new long[CAP];
    private final long[] sNet = new long[CAP];
    private final double[] sSpeed = new double[CAP];
    private int head;
    private int size;

    ForeignState(String symbol) {
        this.symbol = symbol;
    }

    long netVol() {
        return buyVol - sellVol;
    }

    long netVal() {
        return buyVal - sellVal;
    }

    void resetDay() {
        buyVol = sellVol = buyVal = sellVal = 0;
        speed = acceleration = 0;
        seen = false;
        head = size = 0;
    }

    /** Applies a cumulative update; returns the deltas {buy, sell} since the previous one. */
    long[] apply(ForeignRoom r) {
        if (seen && (r.buyVol() < buyVol || r.sellVol() < sellVol)) {
            resetDay(); // cumulative values went down: the source started a new day
        }
        long dBuy = seen ? r.buyVol() - buyVol : 0;
        long dSell = seen ? r.sellVol() - sellVol : 0;
        seen = true;
        ts = r.ts();
        totalRoom = r.totalRoom();
        currentRoom = r.currentRoom();
        buyVol = r.buyVol();
        sellVol = r.sellVol();
        buyVal = r.buyVal();
        sellVal = r.sellVal();
        updateSpeed(r.ts(), netVol());
        return new long[] {dBuy, dSell};
    }

    private int idx(int i) {
        return (head + i) % CAP;
    }

    private void updateSpeed(long now, long net) {
        // drop samples older than the latest one at or before now - window (that one stays as the base)
        while (size >= 2 && sTs[idx(1)] <= now - WINDOW_MS) {
            head = idx(1);
            size--;
        }
        if (size > 0 && Math.floorDiv(sTs[idx(size - 1)], 1000L) == Math.floorDiv(now, 1000L)) {
            size--; // at most one sample per second: a later update in the same second replaces it
        }
        double newSpeed = 0;
        if (size > 0) {
            long baseTs = sTs[head];
            long span = now - baseTs;
            // at least one minute as divisor: early in the day a few seconds of flow are not extrapolated
            newSpeed = (net - sNet[head]) * 60_000.0 / Math.max(span, MIN_SPAN_MS);
        }
        double newAcc = 0;
        for (int i = size - 1; i >= 0; i--) {
            int k = idx(i);
            if (sTs[k] <= now - ACCEL_MS) {
                newAcc = (newSpeed - sSpeed[k]) * 60_000.0 / (now - sTs[k]);
                break;
            }
        }
        if (size == CAP) {
            head = idx(1);
            size--;
        }
        int k = idx(size);
        sTs[k] = now;
        sNet[k] = net;
        sSpeed[k] = newSpeed;
        size++;
        speed = newSpeed;
        acceleration = newAcc;
    }

    ForeignView toView() {
        return new ForeignView(symbol, ts, totalRoom, currentRoom, buyVol, sellVol, buyVal, sellVal,
                netVol(), netVal(), StockState.round2(speed), StockState.round2(acceleration));
    }
}
