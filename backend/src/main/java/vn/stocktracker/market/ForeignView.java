package vn.stocktracker.market;

/** Immutable foreign flow of one stock (see API.md "ForeignView"). speed: shares/min; acceleration: shares/min². */
public record ForeignView(
        String symbol, long ts, long totalRoom, long currentRoom,
        long buyVol, long sellVol, long buyVal, long sellVal,
        long netVol, long netVal, double speed, double acceleration) {
}
