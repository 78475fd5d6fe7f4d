package vn.stocktracker.market.alert;

import org.junit.jupiter.api.Test;
import vn.stocktracker.market.Instruments;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each rule against a scripted sequence, with the exact alerts expected (and none other). */
class AlertEngineTest {
    private static final LocalDate DAY = LocalDate.of(2025, 12, 1);
    private final List<Alert> fired = new ArrayList<>();
    private AlertEngine engine = new AlertEngine(AlertConfig.DEFAULTS, fired::add);

    private static long at(int h, int m, int s) {
        return LocalDateTime.of(DAY, LocalTime.of(h, m, s)).atZone(Instruments.VN).toInstant().toEpochMilli();
    }

    /** "id severity message" per alert fired, in order. */
    private List<String> lines() {
        return fired.stream().map(a -> a.id() + " " + a.severity() + " " + a.message()).toList();
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private void trade(String sym, long ts, long price, long vol) {
        engine.trade(sym, ts, price, vol, true, 24_550, 21_350, false);
    }

    @Test
    void volumeSpikeComparesWithTheAverageOfTheWindowBeforeTheTrade() {
        long t = at(9, 20, 0);
        for (int i = 0; i < 10; i++) {
            trade("FPT", t + i * 1_000L, 23_000, 1_000); // the first ten have fewer than 10 trades before them
        }
        trade("FPT", t + 10_000, 23_000, 3_000);  // exactly 3x the average of 1,000: not above it
        trade("FPT", t + 11_000, 23_050, 5_000);  // 5,000 / (13,000 / 11) = 4.23x
        trade("FPT", t + 30_000, 23_050, 20_000); // 6.8x, but FPT spiked 19 s ago: held back
        engine.trade("FPT", t + 40_000, 23_050, 90_000, false, 24_550, 21_350, false); // ATC auction: not a spike, not counted
        trade("FPT", t + 72_000, 23_100, 20_000); // 20,000 / (38,000 / 13) = 6.84x >= 2 x 3: critical

        assertThat(lines()).containsExactly(
                "vs-FPT-" + (t + 11_000) + " warning FPT: trade of 5,000 shares is 4.2x the 20 min average (1,182)",
                "vs-FPT-" + (t + 72_000) + " critical FPT: trade of 20,000 shares is 6.8x the 20 min average (2,923)");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("volume", 5_000L);
        data.put("averageVolume", 1181.82);
        data.put("ratio", 4.23);
        data.put("trades", 11);
        data.put("windowSeconds", 1200L);
        data.put("price", 23_050L);
        assertThat(fired.get(0).data()).containsExactlyEntriesOf(data);
        assertThat(fired.get(0).kind()).isEqualTo("volume_spike");
        assertThat(fired.get(0).ts()).isEqualTo(t + 11_000);
        assertThat(engine.suppressed()).isEqualTo(1);

        // 20 minutes after 09:21:00 only the 09:21:12 trade is left in the window: too few to compare with
        trade("FPT", at(9, 41, 0), 23_100, 500_000);
        assertThat(fired).hasSize(2);
    }

    @Test
    void priceBreakoutFiresWhenTheBandEdgeIsReachedNotWhileItStaysThere() {
        long t = at(10, 0, 0);
        trade("VNM", t, 24_500, 100);
        trade("VNM", t + 1_000, 24_550, 100);  // reaches the ceiling
        trade("VNM", t + 2_000, 24_550, 100);  // still there: nothing new
        trade("VNM", t + 20_000, 24_500, 100);
        trade("VNM", t + 30_000, 24_550, 100); // reached again, within 60 s of the first: held back
        trade("VNM", t + 40_000, 21_350, 100); // the floor is the same kind for VNM: held back too
        trade("HPG", t + 41_000, 21_350, 100); // another symbol is not held back
        trade("VNM", t + 61_000, 24_000, 100);
        trade("VNM", t + 62_000, 24_600, 100); // above the ceiling counts as at it (a late band)

        assertThat(lines()).containsExactly(
                "pb-VNM-" + (t + 1_000) + " critical VNM reached the ceiling at 24,550 VND",
                "pb-HPG-" + (t + 41_000) + " critical HPG reached the floor at 21,350 VND",
                "pb-VNM-" + (t + 62_000) + " critical VNM reached the ceiling at 24,600 VND");
        assertThat(fired.get(1).data()).containsExactlyEntriesOf(ordered("band", "floor", "price", 21_350L, "floor", 21_350L));
    }

    @Test
    void breakoutOfTheFuturesContractIsInPoints() {
        engine.trade("VN30F2512", at(10, 0, 0), 141_780, 3, true, 141_780, 123_280, true);
        assertThat(lines()).containsExactly("pb-VN30F2512-" + at(10, 0, 0) + " critical VN30F2512 reached the ceiling at 1,417.8 points");
    }

    @Test
    void foreignAccelerationComparesWithTheValueOneWindowAgo() {
        long t = at(9, 30, 0);
        long bn = 1_000_000_000L;
        engine.foreign("SSI", t, 2 * bn);
        engine.foreign("SSI", t + 60_000, 21 * bn / 10);
        engine.foreign("SSI", t + 299_000, 25 * bn / 10);  // less than 5 minutes of history: no base yet
        engine.foreign("SSI", t + 300_000, 25 * bn / 10);  // +25% against 09:30:00
        engine.foreign("SSI", t + 301_000, 27 * bn / 10);  // +35%: fires; the next base is this value
        engine.foreign("SSI", t + 400_000, 4 * bn);        // +48%, but no base 5 minutes after the alert yet
        engine.foreign("SSI", t + 601_000, 41 * bn / 10);  // +51.85% against the 2.7 bn at the alert
        engine.foreign("VIC", t, bn / 2);
        engine.foreign("VIC", t + 300_000, 15 * bn / 10);  // +200%, but 0.5 bn is under the 1 bn floor
        engine.foreign("HPG", t, -2 * bn);
        engine.foreign("HPG", t + 300_000, -5 * bn);       // -150% of |-2 bn|: critical

        assertThat(lines()).containsExactly(
                "fa-SSI-" + (t + 301_000) + " warning SSI: foreign net value +35% in 5 min (2.00 -> 2.70 bn VND)",
                "fa-SSI-" + (t + 601_000) + " warning SSI: foreign net value +52% in 5 min (2.70 -> 4.10 bn VND)",
                "fa-HPG-" + (t + 300_000) + " critical HPG: foreign net value -150% in 5 min (-2.00 -> -5.00 bn VND)");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("netValue", 41 * bn / 10);
        data.put("previousNetValue", 27 * bn / 10);
        data.put("changePct", 51.85);
        data.put("sinceTs", t + 301_000);
        data.put("windowSeconds", 300L);
        assertThat(fired.get(1).data()).containsExactlyEntriesOf(data);
    }

    @Test
    void basisFlipFiresOnAChangeOfSignIgnoringZero() {
        long t = at(10, 0, 0);
        engine.basis("VN30F2512", t, 1.2, 1320.2, 1319.0);
        engine.basis("VN30F2512", t + 1_000, 0.8, 1319.8, 1319.0);
        engine.basis("VN30F2512", t + 2_000, 0.0, 1319.0, 1319.0);   // par: neither side
        engine.basis("VN30F2512", t + 3_000, -0.3, 1318.7, 1319.0);  // premium -> discount
        engine.basis("VN30F2512", t + 33_000, 0.5, 1319.5, 1319.0);  // back within 60 s: held back
        engine.basis("VN30F2512", t + 93_000, -0.2, 1318.8, 1319.0); // and down again after 90 s

        assertThat(lines()).containsExactly(
                "bf-VN30F2512-" + (t + 3_000) + " info VN30F2512 basis flipped to discount: -0.30 points (was +0.80)",
                "bf-VN30F2512-" + (t + 93_000) + " info VN30F2512 basis flipped to discount: -0.20 points (was +0.50)");
        assertThat(fired.get(0).data()).containsExactlyEntriesOf(ordered("basis", -0.3, "previousBasis", 0.8,
                "state", "discount", "futuresPrice", 1318.7, "indexValue", 1319.0));
    }

    @Test
    void theDailyResetForgetsWindowsBandsDedupAndTheDaysList() {
        long t = at(14, 0, 0);
        trade("VNM", t, 24_550, 100);
        assertThat(engine.today()).hasSize(1);
        engine.resetDay();
        assertThat(engine.today()).isEmpty();
        trade("VNM", t + 1_000, 24_550, 100); // a new day: at the ceiling again fires, though within 60 s
        for (int i = 0; i < 9; i++) {
            trade("FPT", t + 2_000 + i, 23_000, 1_000);
        }
        engine.resetDay();
        trade("FPT", t + 3_000, 23_000, 1_000);
        trade("FPT", t + 4_000, 23_000, 50_000); // the nine trades before the reset are forgotten: 1 < 10
        assertThat(lines()).containsExactly(
                "pb-VNM-" + t + " critical VNM reached the ceiling at 24,550 VND",
                "pb-VNM-" + (t + 1_000) + " critical VNM reached the ceiling at 24,550 VND");
    }

    @Test
    void theDaysListIsNewestFirstAndRestoreMergesEarlierAlertsWithTheirDedup() {
        long t = at(10, 0, 0);
        Alert earlier = Alert.of(AlertKind.PRICE_BREAKOUT, Severity.CRITICAL, "VNM", "VNM reached the ceiling at 24,550 VND",
                t - 30_000, Map.of("band", "ceiling"));
        trade("HPG", t, 21_350, 100);
        engine.restore(List.of(earlier, fired.get(0))); // the HPG alert is held already: not twice
        trade("VNM", t + 10_000, 24_550, 100); // 40 s after the restored VNM alert: held back
        trade("VNM", t + 20_000, 24_500, 100);
        trade("VNM", t + 31_000, 24_550, 100); // 61 s after it
        assertThat(engine.today()).extracting(Alert::id).containsExactly(
                "pb-VNM-" + (t + 31_000), "pb-HPG-" + t, "pb-VNM-" + (t - 30_000));
    }

    @Test
    void theDaysListKeepsTheNewestFiveHundred() {
        long t = at(9, 15, 0);
        for (int i = 0; i < AlertEngine.MAX_TODAY + 20; i++) {
            engine.basis("VN30F2512", t + i * 61_000L, i % 2 == 0 ? 1 : -1, 0, 0);
        }
        assertThat(fired).hasSize(AlertEngine.MAX_TODAY + 19);
        assertThat(engine.today()).hasSize(AlertEngine.MAX_TODAY);
        assertThat(engine.today().get(0).ts()).isEqualTo(t + (AlertEngine.MAX_TODAY + 19) * 61_000L);
    }

    @Test
    void thresholdsComeFromTheConfigurationAndDisabledMeansNone() {
        AlertConfig strict = new AlertConfig(true, 1.5, Duration.ofSeconds(30), 2, 10, Duration.ofSeconds(10),
                1_000, Duration.ofSeconds(5));
        engine = new AlertEngine(strict, fired::add);
        long t = at(9, 30, 0);
        trade("FPT", t, 23_000, 1_000);
        trade("FPT", t + 1_000, 23_000, 1_000);
        trade("FPT", t + 2_000, 23_000, 1_600); // 1.6x > 1.5x after two trades
        trade("FPT", t + 8_000, 23_000, 5_000); // 6 s later: past the 5 s dedup
        engine.foreign("SSI", t, 10_000);
        engine.foreign("SSI", t + 10_000, 11_500); // +15% in 10 s, base above the 1,000 VND floor
        assertThat(lines()).containsExactly(
                "vs-FPT-" + (t + 2_000) + " warning FPT: trade of 1,600 shares is 1.6x the 30 s average (1,000)",
                "vs-FPT-" + (t + 8_000) + " critical FPT: trade of 5,000 shares is 4.2x the 30 s average (1,200)",
                "fa-SSI-" + (t + 10_000) + " warning SSI: foreign net value +15% in 10 s (0.00 -> 0.00 bn VND)");

        fired.clear();
        engine = new AlertEngine(AlertConfig.DEFAULTS.disabled(), fired::add);
        trade("VNM", t, 24_550, 100);
        engine.basis("VN30F2512", t, 1, 0, 0);
        engine.basis("VN30F2512", t + 1, -1, 0, 0);
        assertThat(fired).isEmpty();
        assertThat(engine.today()).isEmpty();
    }
}
