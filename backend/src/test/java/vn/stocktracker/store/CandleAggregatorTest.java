package vn.stocktracker.store;

import org.junit.jupiter.api.Test;
import vn.stocktracker.market.ProcessorOutput.TickRow;
import vn.stocktracker.market.TradeSide;
import vn.stocktracker.market.TradingSession;

import static org.assertj.core.api.Assertions.assertThat;

/** One batch's 1-minute candles: bucketing, open/close by time (ties in arrival order), high, low, volume. */
class CandleAggregatorTest {
    private static final long MINUTE = 1_764_555_240_000L; // a minute boundary

    private static TickRow tick(String symbol, long ts, long price, long volume, boolean futures) {
        return new TickRow(ts, symbol, price, volume, TradeSide.NEUTRAL, TradingSession.CONTINUOUS, futures);
    }

    @Test
    void openAndCloseFollowTimeNotArrival() {
        CandleAggregator a = new CandleAggregator();
        a.add(tick("FPT", MINUTE + 30_000, 119_000, 100, false));
        a.add(tick("FPT", MINUTE + 5_000, 118_500, 200, false)); // earlier, arrived later: the open
        a.add(tick("FPT", MINUTE + 59_999, 118_800, 300, false)); // the close
        a.add(tick("FPT", MINUTE + 40_000, 119_400, 50, false)); // the high
        CandleAggregator.Candle c = a.candles().get(new CandleAggregator.Key("FPT", MINUTE, false));
        assertThat(c.open).isEqualTo(118_500);
        assertThat(c.close).isEqualTo(118_800);
        assertThat(c.high).isEqualTo(119_400);
        assertThat(c.low).isEqualTo(118_500);
        assertThat(c.volume).isEqualTo(650);
        assertThat(c.firstTs).isEqualTo(MINUTE + 5_000);
        assertThat(c.lastTs).isEqualTo(MINUTE + 59_999);
    }

    @Test
    void tiesInTimeKeepArrivalOrder() {
        CandleAggregator a = new CandleAggregator();
        a.add(tick("VNM", MINUTE, 60_000, 1, false));
        a.add(tick("VNM", MINUTE, 60_100, 1, false));
        CandleAggregator.Candle c = a.candles().get(new CandleAggregator.Key("VNM", MINUTE, false));
        assertThat(c.open).as("the first of equal times opens").isEqualTo(60_000);
        assertThat(c.close).as("the last of equal times closes").isEqualTo(60_100);
    }

    @Test
    void minutesSymbolsAndFuturesAreSeparateCandles() {
        CandleAggregator a = new CandleAggregator();
        a.add(tick("FPT", MINUTE + 59_999, 1, 1, false));
        a.add(tick("FPT", MINUTE + 60_000, 2, 1, false));
        a.add(tick("VNM", MINUTE, 3, 1, false));
        a.add(tick("VN30F2512", MINUTE - 1, 132_540, 1, true));
        assertThat(a.candles()).containsOnlyKeys(
                new CandleAggregator.Key("FPT", MINUTE, false),
                new CandleAggregator.Key("FPT", MINUTE + 60_000, false),
                new CandleAggregator.Key("VNM", MINUTE, false),
                new CandleAggregator.Key("VN30F2512", MINUTE - 60_000, true));
    }
}
