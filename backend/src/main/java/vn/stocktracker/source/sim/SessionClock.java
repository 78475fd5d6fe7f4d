package vn.stocktracker.source.sim;

import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.TradingCalendar;
import vn.stocktracker.market.TradingSession;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * The simulator's notion of time ({@code SESSION_CLOCK}): {@code real} follows Vietnam trading hours,
 * {@code open} pretends the continuous session is always on, {@code fast} runs a whole trading day
 * (08:58 to 15:06 Vietnam time) in {@link #FAST_DAY_SECONDS} seconds of wall time, then the next day.
 */
public interface SessionClock {

    /** Wall seconds a {@code fast} trading day takes. */
    long FAST_DAY_SECONDS = 180;

    /** Event time, epoch ms. */
    long now();

    /** The session at {@code ts} (a value from {@link #now()}). */
    TradingSession session(long ts);

    /** Creates the clock for a {@code SESSION_CLOCK} value ({@code real}, {@code open}, {@code fast}). */
    static SessionClock of(String mode, Clock wall) {
        return switch (mode) {
            case "real" -> new SessionClock() {
                @Override
                public long now() {
                    return wall.millis();
                }

                @Override
                public TradingSession session(long ts) {
                    return TradingCalendar.sessionAt(ts);
                }
            };
            case "open" -> new SessionClock() {
                @Override
                public long now() {
                    return wall.millis();
                }

                @Override
                public TradingSession session(long ts) {
                    return TradingSession.CONTINUOUS;
                }
            };
            case "fast" -> new FastClock(wall);
            default -> throw new IllegalArgumentException("SESSION_CLOCK=" + mode + " is not one of real, open, fast");
        };
    }

    /** Virtual time: day k (k = 0, 1, ...) starts at 08:58 on the start date + k days. */
    final class FastClock implements SessionClock {
        private static final long DAY_START = LocalTime.of(8, 58).toSecondOfDay() * 1000L;
        private static final long DAY_END = LocalTime.of(15, 6).toSecondOfDay() * 1000L;
        private final Clock wall;
        private final long startWall;
        private final long startDayMs;
        private final double speed;

        FastClock(Clock wall) {
            this.wall = wall;
            this.startWall = wall.millis();
            LocalDate d = LocalDate.ofInstant(wall.instant(), Instruments.VN);
            this.startDayMs = d.atStartOfDay(Instruments.VN).toInstant().toEpochMilli();
            this.speed = (DAY_END - DAY_START) / (FAST_DAY_SECONDS * 1000.0);
        }

        @Override
        public long now() {
            long virtualElapsed = (long) ((wall.millis() - startWall) * speed);
            long span = DAY_END - DAY_START;
            long dayIndex = virtualElapsed / span;
            long inDay = virtualElapsed % span;
            return startDayMs + dayIndex * 86_400_000L + DAY_START + inDay;
        }

        @Override
        public TradingSession session(long ts) {
            long msOfDay = Math.floorMod(ts - startDayMs, 86_400_000L);
            return TradingCalendar.sessionAt(LocalTime.ofSecondOfDay(msOfDay / 1000));
        }
    }
}
