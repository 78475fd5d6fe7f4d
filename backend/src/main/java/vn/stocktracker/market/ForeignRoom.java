package vn.stocktracker.market;

/**
 * Foreign investors' room and <em>cumulative</em> flow of the day for one stock (SSI channel {@code R};
 * fields may arrive prefixed {@code F}: {@code FBuyVol}...). The processor computes deltas, speed and
 * acceleration from successive values; a value lower than the previous one means a new day.
 *
 * @param symbol      stock code
 * @param ts          exchange time, epoch ms UTC
 * @param totalRoom   total foreign room, shares
 * @param currentRoom room still available, shares
 * @param buyVol      cumulative foreign buy volume today, shares
 * @param sellVol     cumulative foreign sell volume today, shares
 * @param buyVal      cumulative foreign buy value today, VND
 * @param sellVal     cumulative foreign sell value today, VND
 */
public record ForeignRoom(
        String symbol, long ts,
        long totalRoom, long currentRoom,
        long buyVol, long sellVol, long buyVal, long sellVal) implements MarketEvent {
}
