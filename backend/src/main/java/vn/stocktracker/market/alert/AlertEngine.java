package vn.stocktracker.market.alert;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The four alert rules of API.md "Alert", fed by the market processor on its thread (pure: no clock,
 * no I/O; times are the events' exchange times):
 * <ul>
 *   <li>{@code volume_spike}: a continuous-session trade whose volume is above {@code volumeSpikeRatio}
 *       times the average volume of the symbol's continuous-session trades in the window before it
 *       (at least {@code volumeMinTrades} of them); {@code critical} at twice the ratio.</li>
 *   <li>{@code price_breakout}: a trade at the ceiling or the floor when the previous trade was not at
 *       that band edge (the first trade of the day counts); {@code critical}.</li>
 *   <li>{@code foreign_acceleration}: the foreign net value (buy value - sell value) differs from its
 *       value one window ago by more than {@code foreignChangePct} percent of that value, which must be
 *       at least {@code foreignMinNetValue} in absolute terms; {@code critical} at twice the percentage.
 *       After firing, the comparison restarts from the value at the alert.</li>
 *   <li>{@code basis_flip}: the futures basis has the opposite sign of the last non-zero basis;
 *       {@code info}.</li>
 * </ul>
 * One (kind, symbol) fires at most once per {@code dedup}; {@link #resetDay} forgets everything.
 * {@link #today()} is the day's alerts, newest first (at most {@link #MAX_TODAY}).
 */
public final class AlertEngine {
    public static final int MAX_TODAY = 500;

    private final AlertConfig config;
    private final Consumer<Alert> out;
    private final Map<String, SymbolState> symbols = new HashMap<>();
    private final EnumMap<AlertKind, Map<String, Long>> lastFired = new EnumMap<>(AlertKind.class);
    private final ArrayDeque<Alert> today = new ArrayDeque<>();
    private final Set<String> todayIds = new HashSet<>();
    private List<Alert> todayView = List.of();
    private long fired;
    private long suppressed;

    /** Per-symbol memory of the rules. */
    private static final class SymbolState {
        final TradeWindow trades = new TradeWindow();
        final SampleRing foreign = new SampleRing();
        int band; // +1 last trade at the ceiling, -1 at the floor, 0 inside
        int basisSign;
        double basis;
    }

    public AlertEngine(AlertConfig config, Consumer<Alert> out) {
        this.config = config;
        this.out = out;
        for (AlertKind k : AlertKind.values()) {
            lastFired.put(k, new HashMap<>());
        }
    }

    public boolean enabled() {
        return config.enabled();
    }

    private SymbolState state(String symbol) {
        return symbols.computeIfAbsent(symbol, s -> new SymbolState());
    }

    /**
     * A classified trade. {@code price}, {@code ceiling} and {@code floor} are in the instrument's unit
     * (VND, or hundredths of a point for futures); a band edge of 0 is unknown.
     */
    public void trade(String symbol, long ts, long price, long volume, boolean continuous, long ceiling, long floor,
                      boolean futures) {
        if (!config.enabled()) {
            return;
        }
        SymbolState s = state(symbol);
        if (continuous) {
            volumeSpike(s, symbol, ts, price, volume, futures);
        }
        int band = ceiling > 0 && price >= ceiling ? 1 : floor > 0 && price <= floor ? -1 : 0;
        if (band != 0 && band != s.band) {
            breakout(symbol, ts, price, band > 0 ? ceiling : floor, band > 0, futures);
        }
        s.band = band;
    }

    private void volumeSpike(SymbolState s, String symbol, long ts, long price, long volume, boolean futures) {
        TradeWindow w = s.trades;
        w.evictUpTo(ts - config.volumeWindow().toMillis());
        int n = w.count();
        if (n >= config.volumeMinTrades()) {
            double avg = (double) w.sum() / n;
            double ratio = volume / avg;
            if (ratio > config.volumeSpikeRatio()) {
                Severity sev = ratio >= 2 * config.volumeSpikeRatio() ? Severity.CRITICAL : Severity.WARNING;
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("volume", volume);
                data.put("averageVolume", round2(avg));
                data.put("ratio", round2(ratio));
                data.put("trades", n);
                data.put("windowSeconds", config.volumeWindow().toSeconds());
                data.put("price", px(price, futures));
                fire(AlertKind.VOLUME_SPIKE, sev, symbol, ts, String.format(Locale.ROOT,
                        "%s: trade of %,d %s is %.1fx the %s average (%,.0f)", symbol, volume,
                        futures ? "contracts" : "shares", ratio, span(config.volumeWindow().toMillis()), avg), data);
            }
        }
        w.add(ts, volume);
    }

    private void breakout(String symbol, long ts, long price, long edge, boolean ceiling, boolean futures) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("band", ceiling ? "ceiling" : "floor");
        data.put("price", px(price, futures));
        data.put(ceiling ? "ceiling" : "floor", px(edge, futures));
        String px = futures ? String.format(Locale.ROOT, "%,.1f points", price / 100.0)
                : String.format(Locale.ROOT, "%,d VND", price);
        fire(AlertKind.PRICE_BREAKOUT, Severity.CRITICAL, symbol, ts,
                symbol + " reached the " + (ceiling ? "ceiling" : "floor") + " at " + px, data);
    }

    /** A stock's cumulative foreign net value (buy value - sell value, VND) at {@code ts}. */
    public void foreign(String symbol, long ts, long netValue) {
        if (!config.enabled()) {
            return;
        }
        SampleRing r = state(symbol).foreign;
        long window = config.foreignWindow().toMillis();
        long cutoff = ts - window;
        r.trim(cutoff);
        if (r.hasBase(cutoff) && Math.abs(r.baseValue()) >= config.foreignMinNetValue() && r.baseValue() != 0) {
            long base = r.baseValue();
            double pct = (netValue - base) * 100.0 / Math.abs(base);
            if (Math.abs(pct) > config.foreignChangePct()) {
                Severity sev = Math.abs(pct) >= 2 * config.foreignChangePct() ? Severity.CRITICAL : Severity.WARNING;
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("netValue", netValue);
                data.put("previousNetValue", base);
                data.put("changePct", round2(pct));
                data.put("sinceTs", r.baseTs());
                data.put("windowSeconds", window / 1000);
                boolean ok = fire(AlertKind.FOREIGN_ACCELERATION, sev, symbol, ts, String.format(Locale.ROOT,
                        "%s: foreign net value %+.0f%% in %s (%s -> %s bn VND)", symbol, pct, span(window),
                        billions(base), billions(netValue)), data);
                r.add(ts, netValue);
                if (ok) {
                    r.keepLast();
                }
                return;
            }
        }
        r.add(ts, netValue);
    }

    /**
     * The futures basis (points) at {@code ts}, with the prices it came from; a basis of exactly 0 is
     * neither side and leaves the last sign as it was.
     */
    public void basis(String symbol, long ts, double basis, double futuresPrice, double indexValue) {
        if (!config.enabled()) {
            return;
        }
        SymbolState s = state(symbol);
        int sign = basis > 0 ? 1 : basis < 0 ? -1 : 0;
        if (sign == 0) {
            return;
        }
        if (s.basisSign != 0 && sign != s.basisSign) {
            String to = sign > 0 ? "premium" : "discount";
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("basis", basis);
            data.put("previousBasis", s.basis);
            data.put("state", to);
            data.put("futuresPrice", futuresPrice);
            data.put("indexValue", indexValue);
            fire(AlertKind.BASIS_FLIP, Severity.INFO, symbol, ts, String.format(Locale.ROOT,
                    "%s basis flipped to %s: %+.2f points (was %+.2f)", symbol, to, basis, s.basis), data);
        }
        s.basisSign = sign;
        s.basis = basis;
    }

    /** Emits unless the same kind and symbol fired within the dedup window; returns whether it did. */
    private boolean fire(AlertKind kind, Severity severity, String symbol, long ts, String message,
                         Map<String, Object> data) {
        Map<String, Long> last = lastFired.get(kind);
        Long prev = last.get(symbol);
        if (prev != null && ts - prev < config.dedup().toMillis()) {
            suppressed++;
            return false;
        }
        last.put(symbol, ts);
        Alert a = Alert.of(kind, severity, symbol, message, ts, data);
        remember(a);
        fired++;
        out.accept(a);
        return true;
    }

    private void remember(Alert a) {
        if (!todayIds.add(a.id())) {
            return;
        }
        today.addFirst(a);
        if (today.size() > MAX_TODAY) {
            todayIds.remove(today.removeLast().id());
        }
        todayView = null;
    }

    /**
     * Adds alerts of the current day fired before a restart (read back from the database), so the
     * day's list and the dedup windows go on where they were. Alerts already held are skipped; returns
     * those added, oldest first.
     */
    public List<Alert> restore(Collection<Alert> earlier) {
        List<Alert> all = new ArrayList<>(today);
        List<Alert> added = new ArrayList<>();
        Set<String> seen = new HashSet<>(todayIds);
        for (Alert a : earlier) {
            if (seen.add(a.id())) {
                all.add(a);
                added.add(a);
                AlertKind k = a.kindValue();
                if (k != null) {
                    lastFired.get(k).merge(a.symbol(), a.ts(), Math::max);
                }
            }
        }
        all.sort(Comparator.comparingLong(Alert::ts).reversed().thenComparing(Alert::id));
        today.clear();
        todayIds.clear();
        for (Alert a : all.subList(0, Math.min(all.size(), MAX_TODAY))) {
            today.addLast(a);
            todayIds.add(a.id());
        }
        todayView = null;
        added.sort(Comparator.comparingLong(Alert::ts).thenComparing(Alert::id));
        return added;
    }

    /** The day's alerts, newest first; immutable. */
    public List<Alert> today() {
        if (todayView == null) {
            todayView = List.copyOf(today);
        }
        return todayView;
    }

    /** Alerts fired since start (all days). */
    public long fired() {
        return fired;
    }

    /** Alerts held back by the dedup window since start. */
    public long suppressed() {
        return suppressed;
    }

    /** A new trading day: every window, band, sign, dedup entry and the day's list are forgotten. */
    public void resetDay() {
        symbols.clear();
        lastFired.values().forEach(Map::clear);
        today.clear();
        todayIds.clear();
        todayView = null;
    }

    /** A price in its unit for {@code data}: VND as a whole number, futures in points. */
    private static Number px(long price, boolean futures) {
        return futures ? (Number) (price / 100.0) : (Number) price;
    }

    private static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    /** A window for messages: "20 min", "90 s". */
    private static String span(long ms) {
        return ms % 60_000 == 0 ? ms / 60_000 + " min" : ms / 1000 + " s";
    }

    private static String billions(long vnd) {
        return String.format(Locale.ROOT, "%.2f", vnd / 1e9);
    }
}
