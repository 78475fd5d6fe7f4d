package vn.stocktracker.market;

import java.util.List;

/**
 * Market-wide foreign flow of the day (API.md "/api/market/foreign" {@code flow}): the sums over all
 * tracked stocks and the cumulative net value per minute since the open.
 *
 * @param series {@code [[minuteStartMs, netValue], ...]}, oldest first, VND
 */
public record ForeignFlowView(long ts, long buyVal, long sellVal, long netVal, List<Number[]> series) {
    public static final ForeignFlowView EMPTY = new ForeignFlowView(0, 0, 0, 0, List.of());
}
