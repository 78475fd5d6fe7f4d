package vn.stocktracker.market;

import java.util.List;

/**
 * The futures contract through the day (API.md "DerivativesView"): the per-minute basis and price
 * series since the open, kept by the processor so a reload or a late joiner sees the whole day, and
 * the convergence of the basis.
 *
 * @param basisSeries {@code [[minuteStartMs, basis], ...]}, oldest first (points)
 * @param priceSeries {@code [[minuteStartMs, futuresPrice], ...]} (points)
 */
public record DerivativesView(String symbol, long ts, double basis, String basisState,
                              List<Number[]> basisSeries, List<Number[]> priceSeries, Convergence convergence) {
}
