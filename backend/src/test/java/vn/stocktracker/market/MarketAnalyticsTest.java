package vn.stocktracker.market;

import org.junit.jupiter.api.Test;
import vn.stocktracker.market.alert.Alert;
import vn.stocktracker.market.alert.AlertConfig;
import vn.stocktracker.market.alert.AlertKind;
import vn.stocktracker.market.alert.Severity;
import vn.stocktracker.source.sim.MarketSimulator;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The day's analysis the processor keeps besides the board: exact numbers for scripted events. */
class MarketAnalyticsTest {
    private static final LocalDate DAY = LocalDate.of(2025, 12, 1);
    private final Instruments instruments = Instruments.create(List.of(), DAY);
    private final List<ProcessorOutput.AlertRow> alertRows = new ArrayList<>();
    private final MarketProcessor p = new MarketProcessor(instruments, new ProcessorOutput() {
        @Override public void tick(TickRow row) { }
        @Override public void foreign(ForeignRow row) { }
        @Override public void index(IndexRow row) { }
        @Override public void futures(FuturesRow row) { }
        @Override public void alert(AlertRow row) { alertRows.add(row); }
    });

    private static long at(int h, int m, int s) {
        return LocalDateTime.of(DAY, LocalTime.of(h, m, s)).atZone(Instruments.VN).toInstant().toEpochMilli();
    }

    private void book(String sym, long ts, long bid, long ask) {
        p.apply(new Quote(sym, ts, TradingSession.CONTINUOUS, 22_950, 24_550, 21_350, 0, 0, 0, 0, 0, 0,
                List.of(new PriceLevel(bid, 1_000)), List.of(new PriceLevel(ask, 1_000))));
    }

    private void trade(String sym, long ts, TradingSession s, long price, long vol) {
        p.apply(new Trade(sym, ts, s, price, vol, 0, 0, TradeSide.UNKNOWN));
    }

    private VolumeStats stats(String sym) {
        return p.snapshot().volumeStats().stream().filter(v -> v.symbol().equals(sym)).findFirst().orElseThrow();
    }

    @Test
    void volumeAndValueBySessionAndSide() {
        book("FPT", at(9, 0, 0), 22_900, 22_950);
        trade("FPT", at(9, 14, 59), TradingSession.ATO, 22_950, 400);        // auction: neutral
        trade("FPT", at(9, 20, 0), TradingSession.CONTINUOUS, 22_950, 1_000); // at the ask: buy
        trade("FPT", at(9, 20, 1), TradingSession.CONTINUOUS, 22_900, 700);   // at the bid: sell
        trade("FPT", at(9, 20, 2), TradingSession.CONTINUOUS, 22_920, 300);   // inside: neutral
        trade("FPT", at(14, 44, 0), TradingSession.ATC, 23_000, 2_000);       // auction: neutral
        book("VNM", at(9, 20, 0), 59_900, 60_000);
        trade("VNM", at(9, 21, 0), TradingSession.CONTINUOUS, 60_000, 500);   // buy

        VolumeStats f = stats("FPT");
        assertThat(f.bySession()).isEqualTo(new VolumeStats.BySession(
                new VolumeStats.SideSplit(0, 0, 400, 0, 0, 9_180_000),
                new VolumeStats.SideSplit(1_000, 700, 300, 22_950_000, 16_030_000, 6_876_000),
                new VolumeStats.SideSplit(0, 0, 2_000, 0, 0, 46_000_000)));
        assertThat(List.of(f.activeBuyVal(), f.activeSellVal(), f.neutralVal()))
                .containsExactly(22_950_000L, 16_030_000L, 62_056_000L);
        assertThat(f.buyPressure()).isEqualTo(22.73); // 1,000 of 4,400 classified shares
        assertThat(f.buySellRatio()).isEqualTo(1.43);

        VolumeStats all = VolumeStats.total("market", p.snapshot().volumeStats());
        assertThat(all.activeBuyVol()).isEqualTo(1_500);
        assertThat(all.activeBuyVal()).isEqualTo(52_950_000L);
        assertThat(all.bySession().continuous()).isEqualTo(
                new VolumeStats.SideSplit(1_500, 700, 300, 52_950_000, 16_030_000, 6_876_000));
        assertThat(all.buyPressure()).isEqualTo(30.61); // 1,500 / 4,900
        assertThat(all.buySellRatio()).isEqualTo(2.14);
    }

    @Test
    void sparklineKeepsTheLastFiftyDistinctPrices() {
        long t = at(9, 30, 0);
        for (long px : new long[] {23_000, 23_000, 23_050, 23_050, 23_000, 22_950}) {
            trade("FPT", t++, TradingSession.CONTINUOUS, px, 100);
        }
        assertThat(p.snapshot().sparklines().get("FPT")).containsExactly(23_000L, 23_050L, 23_000L, 22_950L);
        assertThat(p.snapshot().sparklines().get("VNM")).isEmpty();
        for (int i = 0; i < 60; i++) {
            trade("FPT", t++, TradingSession.CONTINUOUS, 20_000 + i * 50L, 100);
        }
        List<Long> spark = p.snapshot().sparklines().get("FPT");
        assertThat(spark).hasSize(50);
        assertThat(spark.get(0)).isEqualTo(20_500L);
        assertThat(spark.get(49)).isEqualTo(22_950L);
    }

    @Test
    void basisTrendAndConvergenceThroughTheDay() {
        String fut = instruments.futuresSymbol();
        // the basis shrinks by 0.5 points a minute: 6.0, 5.5, ... over 10 minutes
        for (int m = 0; m < 10; m++) {
            p.apply(new IndexUpdate("VN30", at(10, m, 0), TradingSession.CONTINUOUS, 1_300.0, 1_295.0, 0, 0, 0, 0, 0, 0, 0));
            p.apply(new Trade(fut, at(10, m, 30), TradingSession.CONTINUOUS, 130_600 - m * 50L, 1, 0, 0, TradeSide.BUY));
        }
        DerivativesView d = p.snapshot().derivatives();
        assertThat(d.symbol()).isEqualTo(fut);
        assertThat(d.basis()).isEqualTo(1.5);
        assertThat(d.basisState()).isEqualTo("premium");
        assertThat(d.basisSeries()).hasSize(10);
        assertThat(d.basisSeries().get(0)).containsExactly(at(10, 0, 0), 6.0);
        assertThat(d.basisSeries().get(9)).containsExactly(at(10, 9, 0), 1.5);
        assertThat(d.priceSeries().get(9)).containsExactly(at(10, 9, 0), 1_301.5);
        assertThat(d.convergence()).isEqualTo(new Convergence("converging", -0.5, 10));

        // the index moves the basis too: VN30 up 10 points turns it to a discount of -8.5
        p.apply(new IndexUpdate("VN30", at(10, 10, 0), TradingSession.CONTINUOUS, 1_310.0, 1_295.0, 0, 0, 0, 0, 0, 0, 0));
        d = p.snapshot().derivatives();
        assertThat(d.basisSeries().get(10)).containsExactly(at(10, 10, 0), -8.5);
        // |basis| of the last ten minutes: 5.5 ... 1.5, then 8.5: one jump does not outweigh nine falling points
        // (least squares: -7.5 / 82.5 = -0.091)
        assertThat(d.convergence()).isEqualTo(new Convergence("converging", -0.091, 10));
        assertThat(alertRows).extracting(r -> r.alert().id()).containsExactly("bf-" + fut + "-" + at(10, 10, 0));
    }

    @Test
    void theDaysSeriesReadBackAfterARestartComeBeforeWhatWasSeenLive() {
        String fut = instruments.futuresSymbol();
        p.apply(new IndexUpdate("VN30", at(10, 5, 10), TradingSession.CONTINUOUS, 1_305.0, 1_295.0, 0, 0, 0, 0, 0, 0, 0));
        long yesterday = at(10, 0, 0) - 86_400_000L;
        p.restoreSeries(new DaySeries(
                Map.of("VN30", List.of(new Number[] {yesterday, 1_111.0}, new Number[] {at(10, 3, 0), 1_303.0}, new Number[] {at(10, 4, 0), 1_304.0},
                        new Number[] {at(10, 5, 0), 1_000.0})),
                Map.of(fut, List.<Number[]>of(new Number[] {at(10, 4, 0), 2.5})), Map.of(fut, List.<Number[]>of(new Number[] {at(10, 4, 0), 1_306.5})),
                List.<Number[]>of(new Number[] {at(10, 4, 0), 7_000_000_000L})), at(10, 5, 20));
        // yesterday's point is not today's; 10:05 was seen live and stays
        assertThat(p.snapshot().indices().get(0).series()).extracting(x -> x[0].longValue() + "=" + x[1])
                .containsExactly(at(10, 3, 0) + "=1303.0", at(10, 4, 0) + "=1304.0", at(10, 5, 0) + "=1305.0");
        p.apply(new Trade(fut, at(10, 5, 30), TradingSession.CONTINUOUS, 130_800, 1, 0, 0, TradeSide.BUY));
        DerivativesView d = p.snapshot().derivatives();
        assertThat(d.basisSeries()).extracting(x -> x[0].longValue() + "=" + x[1])
                .containsExactly(at(10, 4, 0) + "=2.5", at(10, 5, 0) + "=3.0");
        assertThat(d.priceSeries().get(0)).containsExactly(at(10, 4, 0), 1_306.5);
        p.apply(new ForeignRoom("FPT", at(10, 6, 0), 1, 1, 0, 0, 1_000_000_000L, 0));
        assertThat(p.snapshot().foreignFlow().series()).extracting(x -> x[0].longValue() + "=" + x[1])
                .containsExactly(at(10, 4, 0) + "=7000000000", at(10, 6, 0) + "=1000000000");
    }

    @Test
    void convergenceNeedsThreePointsAndHasADeadBand() {
        assertThat(Convergence.of(new double[] {1, 2})).isEqualTo(new Convergence("unknown", 0, 2));
        assertThat(Convergence.of(new double[] {2, 2.04, 2.08})).isEqualTo(new Convergence("steady", 0.04, 3));
        assertThat(Convergence.of(new double[] {-3, -2, -1})).isEqualTo(new Convergence("converging", -1, 3));
        assertThat(Convergence.of(new double[] {0.5, -1, 1.5, -2})).isEqualTo(new Convergence("diverging", 0.5, 4));
    }

    @Test
    void marketForeignFlowThroughTheDay() {
        p.apply(new ForeignRoom("FPT", at(9, 30, 10), 1, 1, 0, 0, 5_000_000_000L, 1_000_000_000L));
        p.apply(new ForeignRoom("VNM", at(9, 30, 40), 1, 1, 0, 0, 0, 2_000_000_000L));
        p.apply(new ForeignRoom("FPT", at(9, 31, 5), 1, 1, 0, 0, 6_000_000_000L, 1_000_000_000L));
        ForeignFlowView f = p.snapshot().foreignFlow();
        assertThat(List.of(f.ts(), f.buyVal(), f.sellVal(), f.netVal()))
                .containsExactly(at(9, 31, 5), 6_000_000_000L, 3_000_000_000L, 3_000_000_000L);
        assertThat(f.series()).hasSize(2);
        assertThat(f.series().get(0)).containsExactly(at(9, 30, 0), 2_000_000_000L);
        assertThat(f.series().get(1)).containsExactly(at(9, 31, 0), 3_000_000_000L);
        // the source's cumulative values starting again (a new day for FPT) count from zero
        p.apply(new ForeignRoom("FPT", at(9, 32, 0), 1, 1, 0, 0, 1_000_000_000L, 0));
        assertThat(p.snapshot().foreignFlow().netVal()).isEqualTo(-1_000_000_000L);
    }

    @Test
    void alertsGoToStorageToTheNextDrainAndToTheDaysList() {
        book("VNM", at(10, 0, 0), 24_500, 24_550);
        trade("VNM", at(10, 0, 1), TradingSession.CONTINUOUS, 24_550, 100);
        String id = "pb-VNM-" + at(10, 0, 1);
        assertThat(alertRows).extracting(r -> r.alert().id()).containsExactly(id);
        assertThat(p.drainChanges().alerts()).extracting(Alert::id).containsExactly(id);
        assertThat(p.drainChanges().alerts()).isEmpty();
        assertThat(p.snapshot().alerts()).extracting(Alert::id).containsExactly(id);

        Alert before = Alert.of(AlertKind.VOLUME_SPIKE, Severity.WARNING, "FPT", "m", at(9, 50, 0), Map.of());
        Alert yesterday = Alert.of(AlertKind.VOLUME_SPIKE, Severity.WARNING, "FPT", "m", at(9, 50, 0) - 86_400_000L, Map.of());
        p.restoreAlerts(List.of(before, yesterday), at(10, 0, 2));
        assertThat(p.snapshot().alerts()).extracting(Alert::id).containsExactly(id, before.id());

        p.rollDay(at(15, 5, 0));
        assertThat(p.snapshot().alerts()).isEmpty();
        assertThat(p.snapshot().sparklines().get("VNM")).isEmpty();
        assertThat(stats("VNM").activeBuyVal()).isZero();
    }

    @Test
    void withAnalyticsAndAlertsOffOnlyTheBoardIsKept() {
        MarketProcessor off = new MarketProcessor(instruments, ProcessorOutput.NONE, AlertConfig.DEFAULTS.disabled(), false);
        off.apply(new Quote("VNM", at(10, 0, 0), TradingSession.CONTINUOUS, 22_950, 24_550, 21_350, 0, 0, 0, 0, 0, 0,
                List.of(new PriceLevel(24_500, 100)), List.of(new PriceLevel(24_550, 100))));
        off.apply(new Trade("VNM", at(10, 0, 1), TradingSession.CONTINUOUS, 24_550, 100, 0, 0, TradeSide.UNKNOWN));
        MarketSnapshot s = off.snapshot();
        assertThat(s.alerts()).isEmpty();
        assertThat(s.sparklines().get("VNM")).isEmpty();
        assertThat(s.stocks().stream().filter(v -> v.symbol().equals("VNM")).findFirst().orElseThrow().activeBuyVol())
                .isEqualTo(100);
    }

    /**
     * Issue 16 reported a flat intraday index line and foreign acceleration 0 for every stock after
     * minutes of simulated trading. The processor's numbers after 10 simulated minutes: the VN30 series
     * has a point per minute and moves, and every stock with foreign flow has a non-zero acceleration.
     */
    @Test
    void tenSimulatedMinutesGiveAMovingIndexLineAndForeignAcceleration() {
        MarketSimulator sim = new MarketSimulator(42, instruments);
        long t0 = at(9, 20, 0);
        for (long ts = t0; ts < t0 + 600_000; ts += 5) { // 200 events per second, as SIM_RATE's default
            sim.step(ts, TradingSession.CONTINUOUS, p::apply);
        }
        IndexView vn30 = p.snapshot().indices().get(0);
        Set<Double> values = new HashSet<>();
        vn30.series().forEach(pt -> values.add(pt[1].doubleValue()));
        assertThat(vn30.series()).hasSize(10);
        assertThat(values).hasSizeGreaterThan(5);
        assertThat(p.snapshot().foreign()).hasSize(30).allSatisfy(f -> assertThat(f.acceleration()).isNotZero());
    }
}
