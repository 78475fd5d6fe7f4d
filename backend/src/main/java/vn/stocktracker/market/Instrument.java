package vn.stocktracker.market;

/**
 * One tracked instrument.
 *
 * @param symbol   code, upper case
 * @param type     stock, index or futures contract
 * @param exchange listing exchange (indices and futures: the exchange that computes/lists them)
 * @param name     display name
 */
public record Instrument(String symbol, Type type, Exchange exchange, String name) {

    /** Instrument kinds. */
    public enum Type { STOCK, INDEX, FUTURES }

    /** Exchanges with their price bands. */
    public enum Exchange {
        HOSE(7), HNX(10), UPCOM(15);

        private final int bandPercent;

        Exchange(int bandPercent) {
            this.bandPercent = bandPercent;
        }

        /** Daily price band, percent of the reference price. */
        public int bandPercent() {
            return bandPercent;
        }
    }

    /**
     * Units per price unit shown to users: 1 for stocks (prices are VND), 100 for futures (event
     * prices are hundredths of a point), 1 for indices (values are already points, as doubles).
     */
    public int priceScale() {
        return type == Type.FUTURES ? 100 : 1;
    }
}
