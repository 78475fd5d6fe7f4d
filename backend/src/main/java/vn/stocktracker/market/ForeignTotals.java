package vn.stocktracker.market;

import java.util.List;

/**
 * Market-wide foreign buy and sell value of the day (the sum over stocks of their cumulative values)
 * and the cumulative net value per minute. Kept up to date from each stock's change, so an update
 * costs the same whatever the number of stocks. Confined to the processor's thread.
 */
final class ForeignTotals {
    private long buyVal;
    private long sellVal;
    private long ts;
    private final MinuteSeries net = new MinuteSeries(true);

    /** One stock's cumulative values went from (oldBuy, oldSell) to (newBuy, newSell) at {@code at}. */
    void change(long at, long oldBuy, long oldSell, long newBuy, long newSell) {
        buyVal += newBuy - oldBuy;
        sellVal += newSell - oldSell;
        ts = Math.max(ts, at);
        net.add(at, buyVal - sellVal);
    }

    ForeignFlowView view() {
        return new ForeignFlowView(ts, buyVal, sellVal, buyVal - sellVal, net.view());
    }

    /** Puts the day's earlier minutes of the cumulative net value back (after a restart). */
    void restore(List<Number[]> earlierNet) {
        net.restore(earlierNet);
    }

    void reset() {
        buyVal = sellVal = 0;
        ts = 0;
        net.clear();
    }
}
