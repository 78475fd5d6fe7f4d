package vn.stocktracker.market;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The processor tracks both contracts, shows the most traded (or the pinned one), and carries open interest. */
class FuturesContractsProcessorTest {

    private static final LocalDate DAY = LocalDate.of(2025, 12, 1);
    private static final String NEAR = "VN30F2512";
    private static final String NEXT = "VN30F2601";

    private static long at(int h, int m) {
        return LocalDateTime.of(DAY, LocalTime.of(h, m)).atZone(Instruments.VN).toInstant().toEpochMilli();
    }

    private static Quote quote(String sym, long ts, long last, long totalVol, long openInterest) {
        return new Quote(sym, ts, TradingSession.CONTINUOUS, 188_000, 201_160, 174_840, last, last, last, last,
                totalVol, totalVol * last * 1_000, List.of(new PriceLevel(last - 10, 5)), List.of(new PriceLevel(last, 7)),
                openInterest);
    }

    private static MarketProcessor processor(FuturesContracts contracts) {
        return new MarketProcessor(Instruments.create(Instruments.VN30, List.of(), contracts), ProcessorOutput.NONE);
    }

    @Test
    void theMostTradedContractIsShownWithBothInBrief() {
        MarketProcessor p = processor(FuturesContracts.defaults(DAY));
        p.apply(new IndexUpdate("VN30", at(10, 0), TradingSession.CONTINUOUS, 1880.0, 1870.0, 0, 0, 0, 0, 0, 0, 0));
        p.apply(quote(NEAR, at(10, 1), 188_550, 1_000, 45_000));
        p.apply(quote(NEXT, at(10, 1), 189_100, 200, -1));

        FuturesView near = p.snapshot().futures();
        assertThat(near.symbol()).isEqualTo(NEAR);
        assertThat(near.openInterest()).isEqualTo(45_000L);
        assertThat(near.basis()).isEqualTo(5.5);
        assertThat(near.contracts()).containsExactly(
                new FuturesView.ContractView(NEAR, 1885.5, near.contracts().get(0).change(), near.contracts().get(0).changePct(),
                        1_000, 45_000L, 5.5, true),
                new FuturesView.ContractView(NEXT, 1891.0, near.contracts().get(1).change(), near.contracts().get(1).changePct(),
                        200, null, 11.0, false));

        // trading moves to the next month (the days before an expiry)
        p.apply(quote(NEXT, at(10, 2), 189_120, 1_500, 9_000));

        FuturesView shown = p.drainChanges().futures();
        assertThat(shown.symbol()).isEqualTo(NEXT);
        assertThat(shown.openInterest()).isEqualTo(9_000L);
        assertThat(shown.contracts()).extracting(FuturesView.ContractView::shown).containsExactly(false, true);
    }

    @Test
    void eachContractHasItsOwnBasisSeriesAndFlipsAndTheShownOneIsServed() {
        MarketProcessor p = processor(FuturesContracts.defaults(DAY));
        p.apply(new IndexUpdate("VN30", at(10, 0), TradingSession.CONTINUOUS, 1880.0, 1870.0, 0, 0, 0, 0, 0, 0, 0));
        p.apply(new Trade(NEAR, at(10, 1), TradingSession.CONTINUOUS, 188_550, 5, 0, 0, TradeSide.BUY));
        p.apply(new Trade(NEXT, at(10, 1), TradingSession.CONTINUOUS, 189_100, 1, 0, 0, TradeSide.BUY));
        // VN30 rises above the near contract (its basis turns to a discount), not above the next month's
        p.apply(new IndexUpdate("VN30", at(10, 2), TradingSession.CONTINUOUS, 1887.0, 1870.0, 0, 0, 0, 0, 0, 0, 0));

        DerivativesView d = p.snapshot().derivatives();
        assertThat(d.symbol()).isEqualTo(NEAR);
        assertThat(d.basis()).isEqualTo(-1.5);
        assertThat(d.basisSeries()).extracting(pt -> pt[1].doubleValue()).containsExactly(5.5, -1.5);
        assertThat(p.snapshot().alerts()).extracting(a -> a.kind() + " " + a.symbol())
                .containsExactly("basis_flip " + NEAR);

        // the next month's becomes the most traded: its own series is served, not the near one's
        p.apply(new Trade(NEXT, at(10, 3), TradingSession.CONTINUOUS, 189_200, 10, 0, 0, TradeSide.BUY));
        d = p.snapshot().derivatives();
        assertThat(d.symbol()).isEqualTo(NEXT);
        assertThat(d.basisSeries()).extracting(pt -> pt[1].doubleValue()).containsExactly(11.0, 4.0, 5.0);
    }

    @Test
    void aPinnedContractIsShownWhateverTrades() {
        MarketProcessor p = processor(new FuturesContracts(List.of(NEAR, NEXT), NEAR));
        p.apply(quote(NEAR, at(10, 1), 188_550, 10, -1));
        p.apply(quote(NEXT, at(10, 1), 189_100, 5_000, -1));

        assertThat(p.snapshot().futures().symbol()).isEqualTo(NEAR);
        assertThat(p.snapshot().futures().openInterest()).isNull();
    }
}
