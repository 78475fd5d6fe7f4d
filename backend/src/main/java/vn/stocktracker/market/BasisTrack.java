package vn.stocktracker.market;

import java.util.List;

/**
 * The futures contract's basis and price through the day, one point per minute, and the convergence
 * of the basis. Fed on every futures trade and every VN30 value (either side of the basis can move it).
 * Confined to the processor's thread.
 */
final class BasisTrack {
    private final MinuteSeries basis = new MinuteSeries();
    private final MinuteSeries price = new MinuteSeries();
    private Convergence convergence = Convergence.UNKNOWN;
    private int convergedAt = -1;

    /** Records the basis at {@code ts} from a futures price (points) and the VN30 value; returns the basis. */
    double update(long ts, double futuresPrice, double indexValue) {
        double b = StockState.round2(futuresPrice - indexValue);
        basis.add(ts, b);
        price.add(ts, futuresPrice);
        return b;
    }

    /** The view for a snapshot; the convergence is recomputed only when the series changed length. */
    DerivativesView view(String symbol, long ts, double currentBasis) {
        int n = basis.size();
        if (n != convergedAt) {
            // the last point is the open minute: the slope is over finished minutes plus the current one
            convergence = Convergence.of(basis.lastValues(Convergence.POINTS));
            convergedAt = n;
        }
        String state = currentBasis > 0 ? "premium" : currentBasis < 0 ? "discount" : "par";
        return new DerivativesView(symbol, ts, currentBasis, state, basis.view(), price.view(), convergence);
    }

    /** Puts the day's earlier minutes back (after a restart); what was seen live is kept. */
    void restore(List<Number[]> earlierBasis, List<Number[]> earlierPrice) {
        basis.restore(earlierBasis);
        price.restore(earlierPrice);
        convergedAt = -1;
    }

    void reset() {
        basis.clear();
        price.clear();
        convergence = Convergence.UNKNOWN;
        convergedAt = -1;
    }
}
