package vn.stocktracker.market;

import vn.stocktracker.market.alert.Alert;

/**
 * Rows the processor derives for storage, delivered synchronously on the processor's thread. The
 * implementation must not block (the backend's writer puts them on a bounded queue).
 */
public interface ProcessorOutput {

    /** A row for storage: one of the five kinds below, each going to its own table. */
    sealed interface Row permits TickRow, ForeignRow, IndexRow, FuturesRow, AlertRow {
        long ts();

        String symbol();
    }

    /** A classified trade. Price in VND (stocks) or hundredths of a point (futures). */
    record TickRow(long ts, String symbol, long price, long volume, TradeSide side, TradingSession session,
                   boolean futures) implements Row {
    }

    /** A foreign-room update with the deltas since the previous one (0 for the first of the day). */
    record ForeignRow(long ts, String symbol, long buyVol, long sellVol, long buyVal, long sellVal,
                      long deltaBuyVol, long deltaSellVol, long currentRoom) implements Row {
    }

    /** An index value with breadth. */
    record IndexRow(long ts, String symbol, double value, double change, long totalQtty, long totalValue,
                    int advances, int noChanges, int declines) implements Row {
    }

    /** A futures trade with the VN30 index value and basis at that moment (points). */
    record FuturesRow(long ts, String symbol, double price, long volume, double indexValue, double basis) implements Row {
    }

    /** An alert as it fired. */
    record AlertRow(Alert alert) implements Row {
        @Override
        public long ts() {
            return alert.ts();
        }

        @Override
        public String symbol() {
            return alert.symbol();
        }
    }

    void tick(TickRow row);

    void foreign(ForeignRow row);

    void index(IndexRow row);

    void futures(FuturesRow row);

    void alert(AlertRow row);

    /** An output that discards everything (benchmarks, tests of state only). */
    ProcessorOutput NONE = new ProcessorOutput() {
        @Override
        public void tick(TickRow row) {
        }

        @Override
        public void foreign(ForeignRow row) {
        }

        @Override
        public void index(IndexRow row) {
        }

        @Override
        public void futures(FuturesRow row) {
        }

        @Override
        public void alert(AlertRow row) {
        }
    };
}
