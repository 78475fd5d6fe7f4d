package vn.stocktracker.market;

/**
 * The prices of one instrument for one trading day, as every part that follows a market keeps them
 * (the processor's book state, the simulator, the SSI stand-in): the band, open/high/low/last and the
 * day's totals. Prices in the instrument's unit (VND, or hundredths of a point for futures). Mutable,
 * confined to one thread.
 */
public final class DayPrices {
    public long ref;
    public long ceiling;
    public long floor;
    public long open;
    public long high;
    public long low;
    public long last;
    public long totalVol;
    public long totalVal;

    /** A trade at {@code price}: the last price, and the open, high and low of the day. */
    public void trade(long price) {
        last = price;
        if (open == 0) {
            open = price;
        }
        if (price > high) {
            high = price;
        }
        if (low == 0 || price < low) {
            low = price;
        }
    }

    /** The band around {@code ref}. */
    public void band(long ref, long ceiling, long floor) {
        this.ref = ref;
        this.ceiling = ceiling;
        this.floor = floor;
    }

    /** A new day: the band stays until it is set again, everything that traded starts from zero. */
    public void resetDay() {
        open = high = low = last = totalVol = totalVal = 0;
    }

    /** {@code last - ref}, 0 before the first trade or without a reference. */
    public long change() {
        return last == 0 || ref == 0 ? 0 : last - ref;
    }

    /** The change in percent of the reference, 2 decimals. */
    public double changePct() {
        return ref == 0 || last == 0 ? 0 : Math.round((last - ref) * 10_000.0 / ref) / 100.0;
    }

    /** The last price, or the reference before the first trade. */
    public long lastOrRef() {
        return last > 0 ? last : ref;
    }
}
