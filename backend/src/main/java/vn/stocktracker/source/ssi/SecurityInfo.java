package vn.stocktracker.source.ssi;

import java.util.List;

/**
 * Reference data of one security from {@code SecuritiesDetails} (names, board lot, tick table).
 *
 * @param symbol  code
 * @param name    Vietnamese name
 * @param enName  English name
 * @param market  {@code HOSE}, {@code HNX}, {@code UPCOM}, {@code DER}
 * @param lotSize board lot, shares (0 if unknown)
 * @param ticks   tick table: from {@code TickPrice}n upwards the increment is {@code TickIncrement}n (VND)
 */
public record SecurityInfo(String symbol, String name, String enName, String market, long lotSize, List<Tick> ticks) {

    public SecurityInfo {
        ticks = List.copyOf(ticks);
    }

    /** From {@code price} (VND) upwards the tick is {@code increment} (VND). */
    public record Tick(long price, long increment) {
    }
}
