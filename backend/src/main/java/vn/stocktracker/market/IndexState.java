package vn.stocktracker.market;

import java.util.List;

/** Mutable state of one index with its per-minute intraday series; confined to the processor's thread. */
final class IndexState {
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
    /** The intraday series: the last value of each minute. */
    final MinuteSeries series = new MinuteSeries();

    IndexState(String symbol) {
        this.symbol = symbol;
    }

    void resetDay() {
        series.clear();
        totalQtty = totalValue = 0;
        advances = noChanges = declines = ceilings = floors = 0;
        if (value != 0) {
            prior = value;
        }
    }

    void addPoint(long ts, double v) {
        series.add(ts, v);
    }

    IndexView toView(boolean withSeries) {
        List<Number[]> points = withSeries ? series.view() : List.of();
        double change = prior == 0 ? 0 : StockState.round2(value - prior);
        double pct = prior == 0 ? 0 : StockState.round2((value - prior) * 100 / prior);
        return new IndexView(symbol, StockState.wire(session), ts, value, prior, change, pct, totalQtty, totalValue,
                advances, noChanges, declines, ceilings, floors, points);
    }
}
