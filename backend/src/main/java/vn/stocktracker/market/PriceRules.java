package vn.stocktracker.market;

/** Tick sizes and daily price bands (stock-tracker.md "Market facts"). Pure functions. */
public final class PriceRules {

    private PriceRules() {
    }

    /** Tick size in VND for a stock price on an exchange. HOSE: &lt;10,000 -> 10; &lt;50,000 -> 50; else 100. */
    public static long tickSize(Instrument.Exchange exchange, long price) {
        if (exchange != Instrument.Exchange.HOSE) {
            return 100;
        }
        if (price < 10_000) {
            return 10;
        }
        if (price < 50_000) {
            return 50;
        }
        return 100;
    }

    /** Ceiling: reference + band, rounded down to the tick size that applies at that price. */
    public static long ceiling(Instrument.Exchange exchange, long refPrice) {
        long raw = refPrice * (100 + exchange.bandPercent()) / 100;
        return roundDown(raw, tickSize(exchange, raw));
    }

    /** Floor: reference - band, rounded up to the tick size that applies at that price. */
    public static long floor(Instrument.Exchange exchange, long refPrice) {
        long scaled = refPrice * (100 - exchange.bandPercent());
        long raw = scaled / 100 + (scaled % 100 == 0 ? 0 : 1);
        return roundUp(raw, tickSize(exchange, raw));
    }

    /** Rounds a price down to a multiple of {@code tick}. */
    public static long roundDown(long price, long tick) {
        return price - Math.floorMod(price, tick);
    }

    /** Rounds a price up to a multiple of {@code tick}. */
    public static long roundUp(long price, long tick) {
        long r = Math.floorMod(price, tick);
        return r == 0 ? price : price + tick - r;
    }
}
