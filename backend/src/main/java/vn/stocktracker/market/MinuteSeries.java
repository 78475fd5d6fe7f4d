package vn.stocktracker.market;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A per-minute intraday series: one point per minute (the minute's start in epoch ms and the last
 * value seen in that minute), oldest first, at most {@link #MAX_POINTS}. Finished minutes are kept in
 * an immutable list that is copied only when a minute closes, so {@link #view()} is an O(1) immutable
 * view that other threads may read (the processor publishes it in every snapshot). Confined to the
 * processor's thread otherwise.
 */
final class MinuteSeries {
    static final int MAX_POINTS = 24 * 60;

    private final boolean integral;
    private List<Number[]> closed = List.of();
    private long minute = Long.MIN_VALUE;
    private double value;
    private List<Number[]> view = List.of();

    /** A series of points values (doubles). */
    MinuteSeries() {
        this(false);
    }

    /** With {@code integral}, values are written as whole numbers (VND sums, which doubles hold exactly). */
    MinuteSeries(boolean integral) {
        this.integral = integral;
    }

    /** Adds a value at {@code ts}; a value for a minute older than the current one is ignored. */
    void add(long ts, double v) {
        long m = ts - Math.floorMod(ts, 60_000L);
        if (m == minute) {
            if (v != value) {
                value = v;
                view = null;
            }
            return;
        }
        if (m < minute) {
            return; // late value for a finished minute: the series keeps the last value seen in time order
        }
        if (minute == Long.MIN_VALUE && !closed.isEmpty()) {
            // the first live value after a restore: it supersedes a restored point of its own minute
            long lastRestored = closed.get(closed.size() - 1)[0].longValue();
            if (m < lastRestored) {
                return;
            }
            if (m == lastRestored) {
                closed = List.copyOf(closed.subList(0, closed.size() - 1));
            }
        }
        if (minute != Long.MIN_VALUE) {
            List<Number[]> next = new ArrayList<>(Math.min(closed.size() + 1, MAX_POINTS));
            int from = closed.size() + 1 >= MAX_POINTS ? closed.size() + 2 - MAX_POINTS : 0;
            next.addAll(closed.subList(from, closed.size()));
            next.add(point(minute, value));
            closed = List.copyOf(next);
        }
        minute = m;
        value = v;
        view = null;
    }

    private Number[] point(long t, double v) {
        return new Number[] {t, integral ? (Number) Math.round(v) : (Number) v};
    }

    int size() {
        return closed.size() + (minute == Long.MIN_VALUE ? 0 : 1);
    }

    /** The last value, or 0 when empty. */
    double last() {
        return minute == Long.MIN_VALUE ? 0 : value;
    }

    /** The last {@code n} values, oldest first (fewer when the series is shorter). */
    double[] lastValues(int n) {
        int k = Math.min(n, size());
        double[] out = new double[k];
        List<Number[]> all = view();
        for (int i = 0; i < k; i++) {
            out[i] = all.get(all.size() - k + i)[1].doubleValue();
        }
        return out;
    }

    /** The series as {@code [[minuteStartMs, value], ...]}, immutable. */
    List<Number[]> view() {
        if (view == null) {
            view = minute == Long.MIN_VALUE ? closed : new Snapshot(closed, point(minute, value));
        }
        return view;
    }

    /**
     * Puts earlier minutes back (read from storage after a restart): of {@code earlier} ({@code
     * [ts, value]}, any order; several in a minute: the latest wins) only the minutes older than every
     * minute held are taken, so what was seen live is never replaced.
     */
    void restore(List<Number[]> earlier) {
        long first = !closed.isEmpty() ? closed.get(0)[0].longValue() : minute;
        java.util.TreeMap<Long, Number[]> byMinute = new java.util.TreeMap<>();
        for (Number[] p : earlier) {
            long t = p[0].longValue();
            long m = t - Math.floorMod(t, 60_000L);
            if (first == Long.MIN_VALUE || m < first) {
                Number[] held = byMinute.get(m);
                if (held == null || held[0].longValue() <= t) {
                    byMinute.put(m, new Number[] {t, p[1]});
                }
            }
        }
        if (byMinute.isEmpty()) {
            return;
        }
        List<Number[]> next = new ArrayList<>(byMinute.size() + closed.size());
        byMinute.forEach((m, p) -> next.add(point(m, p[1].doubleValue())));
        next.addAll(closed);
        int keep = MAX_POINTS - 1;
        closed = List.copyOf(next.size() > keep ? next.subList(next.size() - keep, next.size()) : next);
        view = minute == Long.MIN_VALUE ? closed : null;
    }

    void clear() {
        closed = List.of();
        minute = Long.MIN_VALUE;
        value = 0;
        view = List.of();
    }

    /** Finished minutes plus the open one. */
    private static final class Snapshot extends AbstractList<Number[]> implements RandomAccess {
        private final List<Number[]> closed;
        private final Number[] open;

        Snapshot(List<Number[]> closed, Number[] open) {
            this.closed = closed;
            this.open = open;
        }

        @Override
        public Number[] get(int i) {
            if (i == closed.size()) {
                return open.clone();
            }
            return closed.get(i).clone();
        }

        @Override
        public int size() {
            return closed.size() + 1;
        }
    }
}
