package vn.stocktracker.source.sim;

import vn.stocktracker.market.IndexUpdate;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketEvent;
import vn.stocktracker.market.MarketProcessor;
import vn.stocktracker.market.PriceRules;
import vn.stocktracker.market.ProcessorOutput;
import vn.stocktracker.market.Quote;
import vn.stocktracker.market.StockView;
import vn.stocktracker.market.Trade;
import vn.stocktracker.market.TradingSession;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MarketSimulatorTest {

    private static final Instruments INSTRUMENTS = Instruments.create(List.of("HAG"), LocalDate.of(2025, 12, 1));
    private static final long T0 = 1_764_555_300_000L;

    private static List<MarketEvent> run(long seed, int steps) {
        MarketSimulator sim = new MarketSimulator(seed, INSTRUMENTS);
        List<MarketEvent> out = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            sim.step(T0 + i, i < 100 ? TradingSession.ATO : TradingSession.CONTINUOUS, out::add);
        }
        return out;
    }

    @Test
    void sameSeedSameEventsDifferentSeedDifferentEvents() {
        List<MarketEvent> a = run(42, 5_000);
        assertThat(run(42, 5_000)).isEqualTo(a);
        assertThat(run(43, 5_000)).isNotEqualTo(a);
    }

    @Test
    void emitsEveryKindOfEventAndNothingOutsideTradingHours() {
        List<MarketEvent> events = run(7, 5_000);
        assertThat(events).extracting(e -> e.getClass().getSimpleName()).contains("Trade", "Quote", "ForeignRoom", "IndexUpdate");
        assertThat(events).anyMatch(e -> e instanceof Trade t && t.symbol().equals(INSTRUMENTS.futuresSymbol()));
        MarketSimulator sim = new MarketSimulator(7, INSTRUMENTS);
        List<MarketEvent> none = new ArrayList<>();
        assertThat(sim.step(T0, TradingSession.LUNCH, none::add)).isZero();
        assertThat(none).isEmpty();
    }

    @Test
    void stockTradesStayInTheBandOnTheTickGridAndHitTheStandingBook() {
        Map<String, Quote> lastQuote = new HashMap<>();
        int checked = 0;
        for (MarketEvent e : run(11, 20_000)) {
            if (e instanceof Quote q) {
                lastQuote.put(q.symbol(), q);
            } else if (e instanceof Trade t && !Instruments.isFutures(t.symbol())) {
                Quote q = lastQuote.get(t.symbol());
                assertThat(t.price()).isBetween(q.floor(), q.ceiling());
                assertThat(t.price() % PriceRules.tickSize(vn.stocktracker.market.Instrument.Exchange.HOSE, t.price()))
                        .as("tick grid for %s", t).isZero();
                assertThat(t.volume() % 100).isZero();
                // the simulator moves the book before a trade, so the trade is at the new best bid or ask
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(5_000);
    }

    @Test
    void vn30IsConsistentWithItsComponents() {
        MarketSimulator sim = new MarketSimulator(5, INSTRUMENTS);
        MarketProcessor p = new MarketProcessor(INSTRUMENTS, ProcessorOutput.NONE);
        int[] checked = {0};
        for (int i = 0; i < 20_000; i++) {
            sim.step(T0 + i, TradingSession.CONTINUOUS, e -> {
                p.apply(e);
                if (e instanceof IndexUpdate u && u.symbol().equals("VN30")) {
                    // breadth of the update equals the breadth of the components' prices at that moment
                    int[] b = breadth(p.snapshot().stocks());
                    assertThat(new int[] {u.advances(), u.noChanges(), u.declines()}).containsExactly(b);
                    assertThat(u.value()).isEqualTo(sim.vn30());
                    assertThat(u.value()).isBetween(MarketSimulator.VN30_BASE * 0.93, MarketSimulator.VN30_BASE * 1.07);
                    if (b[0] == 30) {
                        assertThat(u.value()).isGreaterThan(u.priorValue());
                    }
                    checked[0]++;
                }
            });
        }
        assertThat(checked[0]).isGreaterThan(500);
    }

    private static int[] breadth(List<StockView> stocks) {
        int[] b = new int[3];
        for (StockView s : stocks) {
            if (Instruments.VN30.contains(s.symbol())) {
                long price = s.last() > 0 ? s.last() : s.ref();
                b[price > s.ref() ? 0 : price == s.ref() ? 1 : 2]++;
            }
        }
        return b;
    }
}
