package vn.stocktracker.market;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MarketChangesTest {

    @Test
    void laterChangesWinPerSymbolAndKeepFirstSeenOrder() {
        Instruments instruments = Instruments.create(List.of(), LocalDate.of(2025, 12, 1));
        MarketProcessor p = new MarketProcessor(instruments, ProcessorOutput.NONE);
        long t = 1_764_555_300_000L;
        p.apply(new Trade("FPT", t, TradingSession.CONTINUOUS, 23_000, 100, 0, 0, TradeSide.BUY));
        p.apply(new Trade("VNM", t, TradingSession.CONTINUOUS, 60_000, 100, 0, 0, TradeSide.BUY));
        MarketChanges first = p.drainChanges();
        p.apply(new Trade("FPT", t + 5, TradingSession.CONTINUOUS, 23_050, 300, 0, 0, TradeSide.BUY));
        p.apply(new IndexUpdate("VN30", t + 6, TradingSession.CONTINUOUS, 1_901.0, 1_900.0, 0, 0, 1, 0, 0, 0, 0));
        MarketChanges second = p.drainChanges();

        MarketChanges merged = first.then(second);
        assertThat(merged.ts()).isEqualTo(t + 6);
        assertThat(merged.stocks()).extracting(StockView::symbol).containsExactly("FPT", "VNM");
        assertThat(merged.stocks().get(0).last()).isEqualTo(23_050);
        assertThat(merged.stocks().get(0).totalVol()).isEqualTo(400);
        assertThat(merged.indices()).extracting(IndexView::symbol).containsExactly("VN30");
        assertThat(merged.futures()).isNotNull(); // a VN30 change re-sends the basis
        assertThat(first.then(new MarketChanges(0, List.of(), List.of(), List.of(), null))).isEqualTo(first);
    }
}
