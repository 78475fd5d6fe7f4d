package vn.stocktracker.market;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the foreign-flow page shows besides the per-stock rows: the top net buyers and sellers by net
 * value and the flow per sector ({@link Sectors}). Pure.
 *
 * @param buyers  the stocks with the largest positive net value, largest first (at most {@code top})
 * @param sellers the stocks with the most negative net value, most negative first
 * @param sectors per sector, by net value, largest first
 */
public record ForeignSummary(List<Mover> buyers, List<Mover> sellers, List<Sector> sectors) {

    /** One stock's net flow. */
    public record Mover(String symbol, long netVal, long netVol) {
    }

    /** A sector's sums (VND) and its stocks. */
    public record Sector(String sector, long buyVal, long sellVal, long netVal, List<String> symbols) {
    }

    public static ForeignSummary of(List<ForeignView> rows, int top) {
        List<Mover> movers = rows.stream().map(f -> new Mover(f.symbol(), f.netVal(), f.netVol())).toList();
        Comparator<Mover> byNet = Comparator.comparingLong(Mover::netVal);
        List<Mover> buyers = movers.stream().filter(m -> m.netVal() > 0)
                .sorted(byNet.reversed().thenComparing(Mover::symbol)).limit(top).toList();
        List<Mover> sellers = movers.stream().filter(m -> m.netVal() < 0)
                .sorted(byNet.thenComparing(Mover::symbol)).limit(top).toList();
        Map<String, long[]> sums = new LinkedHashMap<>();
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (ForeignView f : rows) {
            String s = Sectors.of(f.symbol());
            long[] v = sums.computeIfAbsent(s, k -> new long[2]);
            v[0] += f.buyVal();
            v[1] += f.sellVal();
            members.computeIfAbsent(s, k -> new ArrayList<>()).add(f.symbol());
        }
        List<Sector> sectors = new ArrayList<>();
        sums.forEach((s, v) -> sectors.add(new Sector(s, v[0], v[1], v[0] - v[1], List.copyOf(members.get(s)))));
        sectors.sort(Comparator.comparingLong(Sector::netVal).reversed().thenComparing(Sector::sector));
        return new ForeignSummary(buyers, sellers, List.copyOf(sectors));
    }
}
