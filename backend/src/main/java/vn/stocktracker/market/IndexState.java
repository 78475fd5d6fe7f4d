package vn.stocktracker.market;

import java.util.ArrayList;
import java.util.List;

/** Mutable state of one index with its per-minute intraday series; confined to the processor's thread. */
final class IndexState {
    static final int MAX_POINTS = 24 * 60;

    final String symbol;
    TradingSession session = TradingSession.CLOSED;
    long ts;
    double value;
    double prior;
    long totalQtty;
    long totalValue;
    int advances;
    int noChanges;
    int declines;
    int ceilings;
    int floors;
    /** Series as parallel arrays: minute start (epoch ms) and last value in that minute. */
    final long[] seriesTs = new long[MAX_POINTS];
    final double[] seriesValue = new double[MAX_POINTS];
    int seriesSize;

    IndexState(String symbol) {
        this.symbol = symbol;
    }

    void resetDay() {
        seriesSize = 0;
        totalQtty = totalValue = 0;
        advances = noChanges = declines = ceilings = floors = 0;
        if (value != 0) {
            prior = value;
        }
    }

    void addPoint(long ts, double v) {
        long minute = ts - Math.floorMod(ts, 60_000L);
        if (seriesSize > 0 && seriesTs[seriesSize - 1] == minute) {
            seriesValue[seriesSize - 1] = v;
            return;
        }
        if (seriesSize > 0 && minute < seriesTs[seriesSize - 1]) {
            return; // late value for a finished minute: the series keeps the last value seen in time order
        }
        if (seriesSize == MAX_POINTS) {
            System.arraycopy(seriesTs, 1, seriesTs, 0, MAX_POINTS - 1);
            System.arraycopy(seriesValue, 1, seriesValue, 0, MAX_POINTS - 1);
            seriesSize--;
        }
        seriesTs[seriesSize] = minute;
        seriesValue[seriesSize] = v;
        seriesSize++;
    }

    IndexView toView(boolean withSeries) {
        List<Number[]> series;
        if (withSeries) {
            series = new ArrayList<>(seriesSize);
            for (int i = 0; i < seriesSize; i++) {
                series.add(new Number[] {seriesTs[i], seriesValue[i]});
            }
        } else {
            series = List.of();
        }
        double change = prior == 0 ? 0 : StockState.round2(value - prior);
        double pct = prior == 0 ? 0 : StockState.round2((value - prior) * 100 / prior);
        return new IndexView(symbol, StockState.wire(session), ts, value, prior, change, pct, totalQtty, totalValue,
                advances, noChanges, declines, ceilings, floors, series);
    }
}
