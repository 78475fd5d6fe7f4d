package vn.stocktracker.market;

import java.util.List;
import java.util.Map;

/**
 * The day's per-minute series as storage has them, to put back into the processor after a restart
 * ({@link MarketProcessor#restoreSeries}): each point {@code [minuteStartMs, value]}.
 *
 * @param indices      index code to its value per minute (the minute's last)
 * @param basis        futures contract to its basis per minute (at the minute's last trade)
 * @param price        futures contract to its last price per minute
 * @param foreignNet   the market's cumulative foreign net value (VND) at the end of each minute
 */
public record DaySeries(Map<String, List<Number[]>> indices, Map<String, List<Number[]>> basis,
                        Map<String, List<Number[]>> price, List<Number[]> foreignNet) {
}
