package vn.stocktracker.market;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MarketProcessorTest {

    private static final LocalDate DAY = LocalDate.of(2025, 12, 1); // a Monday
    private final Instruments instruments = Instruments.create(List.of(), DAY);
    private final List<Object> rows = new ArrayList<>();
    private MarketProcessor p;

    private static long at(int h, int m, int s) {
        return LocalDateTime.of(DAY, java.time.LocalTime.of(h, m, s)).atZone(Instruments.VN).toInstant().toEpochMilli();
    }

    private static Quote book(String sym, long ts, TradingSession session, long bid, long ask) {
        return new Quote(sym, ts, session, 22_950, 24_550, 21_350, 0, 0, 0, 0, 0, 0,
                List.of(new PriceLevel(bid, 1_000), new PriceLevel(bid - 50, 2_000), new PriceLevel(bid - 100, 3_000)),
                List.of(new PriceLevel(ask, 1_500), new PriceLevel(ask + 50, 2_500)));
    }

    private static Trade trade(String sym, long ts, TradingSession session, long price, long vol) {
        return new Trade(sym, ts, session, price, vol, 0, 0, TradeSide.UNKNOWN);
    }

    @BeforeEach
    void setUp() {
        p = new MarketProcessor(instruments, new ProcessorOutput() {
            @Override
            public void tick(TickRow row) {
                rows.add(row);
            }

            @Override
            public void foreign(ForeignRow row) {
                rows.add(row);
            }

            @Override
            public void index(IndexRow row) {
                rows.add(row);
            }

            @Override
            public void futures(FuturesRow row) {
                rows.add(row);
            }

            @Override
            public void alert(AlertRow row) {
                rows.add(row);
            }
        });
    }

    private StockView fpt() {
        return p.snapshot().stocks().stream().filter(s -> s.symbol().equals("FPT")).findFirst().orElseThrow();
    }

    @Test
    void classifiesTradesAgainstTheStandingBookAndSumsSessions() {
        long t = at(9, 20, 0);
        p.apply(book("FPT", t, TradingSession.CONTINUOUS, 22_900, 22_950));
        p.apply(trade("FPT", t + 1, TradingSession.CONTINUOUS, 22_950, 1_000)); // at the ask -> buy
        p.apply(trade("FPT", t + 2, TradingSession.CONTINUOUS, 23_000, 200));   // above the ask -> buy
        p.apply(trade("FPT", t + 3, TradingSession.CONTINUOUS, 22_900, 700));   // at the bid -> sell
        p.apply(trade("FPT", t + 4, TradingSession.CONTINUOUS, 22_850, 100));   // below the bid -> sell
        p.apply(trade("FPT", t + 5, TradingSession.CONTINUOUS, 22_920, 300));   // inside -> neutral
        p.apply(trade("FPT", t + 6, TradingSession.ATC, 22_950, 5_000));        // auction -> neutral
        p.apply(trade("FPT", t + 7, TradingSession.ATO, 22_850, 400));         // auction -> neutral

        StockView v = fpt();
        assertThat(v.activeBuyVol()).isEqualTo(1_200);
        assertThat(v.activeSellVol()).isEqualTo(800);
        assertThat(v.neutralVol()).isEqualTo(5_700);
        assertThat(v.totalVol()).isEqualTo(7_700);
        assertThat(v.totalVal()).isEqualTo(22_950L * 1_000 + 23_000L * 200 + 22_900L * 700 + 22_850L * 100
                + 22_920L * 300 + 22_950L * 5_000 + 22_850L * 400);
        assertThat(v.open()).isEqualTo(22_950);
        assertThat(v.high()).isEqualTo(23_000);
        assertThat(v.low()).isEqualTo(22_850);
        assertThat(v.last()).isEqualTo(22_850);
        assertThat(v.change()).isEqualTo(-100);
        assertThat(v.changePct()).isEqualTo(-0.44); // -100 / 22950 = -0.4357 %
        assertThat(v.lastSide()).isEqualTo("neutral");
        VolumeStats vs = p.snapshot().volumeStats().stream().filter(s -> s.symbol().equals("FPT")).findFirst().orElseThrow();
        assertThat(vs.sessions()).isEqualTo(new VolumeStats.Sessions(400, 2_300, 5_000));
        assertThat(vs.buySellRatio()).isEqualTo(1.5);
        assertThat(rows).hasSize(7).first().isEqualTo(new ProcessorOutput.TickRow(t + 1, "FPT", 22_950, 1_000,
                TradeSide.BUY, TradingSession.CONTINUOUS, false));
    }

    @Test
    void bookKeepsThreeLevelsAndPadsMissingOnes() {
        p.apply(book("FPT", at(10, 0, 0), TradingSession.CONTINUOUS, 22_900, 22_950));
        StockView v = fpt();
        assertThat(v.bids()).containsExactly(new PriceLevel(22_900, 1_000), new PriceLevel(22_850, 2_000),
                new PriceLevel(22_800, 3_000));
        assertThat(v.asks()).containsExactly(new PriceLevel(22_950, 1_500), new PriceLevel(23_000, 2_500),
                PriceLevel.EMPTY);
        assertThat(v.ceiling()).isEqualTo(24_550);
        assertThat(v.floor()).isEqualTo(21_350);
    }

    @Test
    void foreignFlowDeltasSpeedAndAcceleration() {
        long t0 = at(9, 30, 0);
        p.apply(new ForeignRoom("FPT", t0, 1_000_000, 999_000, 1_000, 0, 23_000_000, 0));
        p.apply(new ForeignRoom("FPT", t0 + 60_000, 1_000_000, 997_000, 4_000, 1_000, 92_000_000, 23_000_000));
        ForeignView f = p.snapshot().foreign().get(0);
        assertThat(f.netVol()).isEqualTo(3_000);
        assertThat(f.netVal()).isEqualTo(69_000_000);
        assertThat(f.speed()).isEqualTo(2_000.0);          // (3000 - 1000) per 1 minute
        assertThat(f.acceleration()).isEqualTo(2_000.0);   // (2000 - 0) over 1 minute

        p.apply(new ForeignRoom("FPT", t0 + 6 * 60_000, 1_000_000, 991_000, 10_000, 1_000, 230_000_000, 23_000_000));
        f = p.snapshot().foreign().get(0);
        // base = latest sample at or before now-5min = t0+1min (net 3000): (9000-3000)/5 min
        assertThat(f.speed()).isEqualTo(1_200.0);
        // speed 1 min ago (latest sample at or before now-1min) = 2000 at t0+1min, 5 minutes earlier
        assertThat(f.acceleration()).isEqualTo(-160.0);
        assertThat(rows).containsExactly(
                new ProcessorOutput.ForeignRow(t0, "FPT", 1_000, 0, 23_000_000, 0, 0, 0, 999_000),
                new ProcessorOutput.ForeignRow(t0 + 60_000, "FPT", 4_000, 1_000, 92_000_000, 23_000_000, 3_000, 1_000, 997_000),
                new ProcessorOutput.ForeignRow(t0 + 360_000, "FPT", 10_000, 1_000, 230_000_000, 23_000_000, 6_000, 0, 991_000));
    }

    @Test
    void foreignCumulativeGoingDownStartsAfresh() {
        long t0 = at(9, 30, 0);
        p.apply(new ForeignRoom("FPT", t0, 1, 1, 5_000, 2_000, 0, 0));
        p.apply(new ForeignRoom("FPT", t0 + 1_000, 1, 1, 100, 0, 0, 0));
        ForeignView f = p.snapshot().foreign().get(0);
        assertThat(f.netVol()).isEqualTo(100);
        assertThat(f.speed()).isZero();
        // 10 s later: +600 net; the divisor is at least one minute, so 600 shares/min, not 3,600
        p.apply(new ForeignRoom("FPT", t0 + 11_000, 1, 1, 700, 0, 0, 0));
        assertThat(p.snapshot().foreign().get(0).speed()).isEqualTo(600.0);
        assertThat(rows.get(1)).isEqualTo(new ProcessorOutput.ForeignRow(t0 + 1_000, "FPT", 100, 0, 0, 0, 0, 0, 1));
    }

    @Test
    void indexSeriesKeepsTheLastValuePerMinuteAndComputesVn30BreadthFromComponents() {
        p.apply(new Quote("FPT", at(9, 20, 0), TradingSession.CONTINUOUS, 22_950, 24_550, 21_350, 0, 0, 0, 24_550, 0, 0, List.of(), List.of()));
        p.apply(new Quote("VNM", at(9, 20, 0), TradingSession.CONTINUOUS, 60_000, 64_200, 55_800, 0, 0, 0, 59_000, 0, 0, List.of(), List.of()));
        p.apply(new Quote("ACB", at(9, 20, 0), TradingSession.CONTINUOUS, 24_000, 25_650, 22_350, 0, 0, 0, 24_000, 0, 0, List.of(), List.of()));
        p.apply(new IndexUpdate("VN30", at(9, 20, 5), TradingSession.CONTINUOUS, 1_905.5, 1_900.0, 10, 20, 0, 0, 0, 0, 0));
        p.apply(new IndexUpdate("VN30", at(9, 20, 50), TradingSession.CONTINUOUS, 1_906.25, 1_900.0, 11, 21, 0, 0, 0, 0, 0));
        p.apply(new IndexUpdate("VN30", at(9, 21, 1), TradingSession.CONTINUOUS, 1_904.0, 1_900.0, 12, 22, 0, 0, 0, 0, 0));
        IndexView v = p.snapshot().indices().get(0);
        assertThat(v.symbol()).isEqualTo("VN30");
        assertThat(v.value()).isEqualTo(1_904.0);
        assertThat(v.change()).isEqualTo(4.0);
        assertThat(v.changePct()).isEqualTo(0.21); // 4 / 1900 = 0.2105 %
        assertThat(v.series()).hasSize(2);
        assertThat(v.series().get(0)).containsExactly(at(9, 20, 0), 1_906.25);
        assertThat(v.series().get(1)).containsExactly(at(9, 21, 0), 1_904.0);
        assertThat(List.of(v.advances(), v.noChanges(), v.declines(), v.ceilings(), v.floors()))
                .containsExactly(1, 1, 1, 1, 0);
    }

    @Test
    void futuresBasisAgainstVn30() {
        String fut = instruments.futuresSymbol();
        p.apply(new IndexUpdate("VN30", at(10, 0, 0), TradingSession.CONTINUOUS, 1_318.27, 1_310.5, 0, 0, 18, 4, 8, 1, 0));
        p.apply(new Trade(fut, at(10, 0, 1), TradingSession.CONTINUOUS, 132_540, 3, 0, 0, TradeSide.BUY));
        FuturesView f = p.snapshot().futures();
        assertThat(f.last()).isEqualTo(1_325.4);
        assertThat(f.basis()).isEqualTo(7.13);
        assertThat(f.basisPct()).isEqualTo(0.54);
        assertThat(f.basisState()).isEqualTo("premium");
        assertThat(f.activeBuyVol()).isEqualTo(3);
        assertThat(rows).contains(new ProcessorOutput.FuturesRow(at(10, 0, 1), fut, 1_325.4, 3, 1_318.27, 7.13));

        p.apply(new Trade(fut, at(10, 0, 2), TradingSession.CONTINUOUS, 131_000, 1, 0, 0, TradeSide.UNKNOWN));
        assertThat(p.snapshot().futures().basis()).isEqualTo(-8.27);
        assertThat(p.snapshot().futures().basisState()).isEqualTo("discount");
    }

    @Test
    void resetsTheDayAtFifteenOhFive() {
        p.apply(trade("FPT", at(14, 0, 0), TradingSession.CONTINUOUS, 23_000, 500));
        assertThat(p.rollDay(at(15, 4, 59))).isFalse();
        assertThat(fpt().totalVol()).isEqualTo(500);
        assertThat(p.rollDay(at(15, 5, 0))).isTrue();
        StockView v = fpt();
        assertThat(v.totalVol()).isZero();
        assertThat(v.last()).isZero();
        assertThat(v.neutralVol()).isZero();
        assertThat(p.tradingDay()).isEqualTo(DAY.plusDays(1));
    }

    @Test
    void drainReturnsEachChangedSymbolOnceAndThenNothing() {
        long t = at(10, 0, 0);
        p.apply(book("FPT", t, TradingSession.CONTINUOUS, 22_900, 22_950));
        p.apply(trade("FPT", t, TradingSession.CONTINUOUS, 22_950, 100));
        p.apply(trade("VNM", t, TradingSession.CONTINUOUS, 60_000, 100));
        p.apply(trade("FPT", t, TradingSession.CONTINUOUS, 22_950, 100));
        MarketChanges c = p.drainChanges();
        assertThat(c.stocks()).extracting(StockView::symbol).containsExactly("FPT", "VNM");
        assertThat(c.stocks().get(0).totalVol()).isEqualTo(200);
        assertThat(p.drainChanges().isEmpty()).isTrue();
    }

    @Test
    void ignoresUnknownSymbols() {
        p.apply(trade("ZZZ", at(10, 0, 0), TradingSession.CONTINUOUS, 1_000, 100));
        assertThat(rows).isEmpty();
        assertThat(p.processed()).isEqualTo(1);
    }
}
