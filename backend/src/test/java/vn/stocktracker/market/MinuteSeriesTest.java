package vn.stocktracker.market;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Putting a day's earlier minutes back into a series after a restart, around what was seen live. */
class MinuteSeriesTest {
    private static final long T0 = 1_796_594_100_000L; // a minute start

    private static Number[] p(long t, double v) {
        return new Number[] {t, v};
    }

    private static List<String> points(MinuteSeries s) {
        return s.view().stream().map(x -> (x[0].longValue() - T0) / 1000 + "s=" + x[1]).toList();
    }

    @Test
    void restoredMinutesComeFirstThenLiveOnes() {
        MinuteSeries s = new MinuteSeries();
        // storage: one point per minute at the minute start, but also several in one minute (the latest wins)
        s.restore(List.of(p(T0 + 60_000, 1301), p(T0, 1300), p(T0 + 120_000 + 5_000, 1302), p(T0 + 120_000 + 40_000, 1302.5)));
        assertThat(points(s)).containsExactly("0s=1300.0", "60s=1301.0", "120s=1302.5");
        assertThat(s.size()).isEqualTo(3);
        // the first live value falls in the last restored minute: it replaces it
        s.add(T0 + 120_000 + 50_000, 1303);
        assertThat(points(s)).containsExactly("0s=1300.0", "60s=1301.0", "120s=1303.0");
        s.add(T0 + 180_000 + 1_000, 1304);
        assertThat(points(s)).containsExactly("0s=1300.0", "60s=1301.0", "120s=1303.0", "180s=1304.0");
    }

    @Test
    void liveMinutesAreNeverReplacedAndOlderLiveValuesStayIgnored() {
        MinuteSeries s = new MinuteSeries();
        s.add(T0 + 120_000 + 1_000, 1310); // live since the start, in minute 2
        s.restore(List.of(p(T0, 1300), p(T0 + 60_000, 1301), p(T0 + 120_000, 1302), p(T0 + 180_000, 1303)));
        assertThat(points(s)).containsExactly("0s=1300.0", "60s=1301.0", "120s=1310.0");
        s.add(T0 + 60_000 + 2_000, 999); // late: ignored as before
        assertThat(points(s)).containsExactly("0s=1300.0", "60s=1301.0", "120s=1310.0");
        // a second restore adds nothing that is held
        s.restore(List.of(p(T0, 1), p(T0 + 120_000, 2)));
        assertThat(points(s)).containsExactly("0s=1300.0", "60s=1301.0", "120s=1310.0");
    }

    @Test
    void aLiveValueOlderThanTheRestoredMinutesIsIgnored() {
        MinuteSeries s = new MinuteSeries();
        s.restore(List.<Number[]>of(p(T0 + 120_000, 1302)));
        s.add(T0 + 60_000, 1);
        assertThat(points(s)).containsExactly("120s=1302.0");
        s.restore(List.of());
        assertThat(points(s)).containsExactly("120s=1302.0");
    }

    @Test
    void integralSeriesStayWholeNumbers() {
        MinuteSeries s = new MinuteSeries(true);
        s.restore(List.<Number[]>of(new Number[] {T0, 24_415_895_000L}));
        assertThat(s.view().get(0)[1]).isEqualTo(24_415_895_000L);
    }
}
