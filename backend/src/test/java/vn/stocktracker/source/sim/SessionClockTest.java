package vn.stocktracker.source.sim;

import vn.stocktracker.testing.ManualClock;

import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.TradingSession;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionClockTest {

    private static LocalDateTime vn(long ms) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(ms), Instruments.VN);
    }

    @Test
    void fastRunsATradingDayInThreeMinutesThenTheNextDay() {
        long start = LocalDateTime.of(2025, 12, 1, 20, 0).atZone(Instruments.VN).toInstant().toEpochMilli();
        ManualClock wall = new ManualClock(start);
        SessionClock c = SessionClock.of("fast", wall);
        long t = c.now();
        assertThat(vn(t)).isEqualTo(LocalDateTime.of(2025, 12, 1, 8, 58));
        assertThat(c.session(t)).isEqualTo(TradingSession.PRE_OPEN);
        // 368 virtual minutes (08:58-15:06) in 180 s: one wall second is 122.67 virtual seconds
        wall.set(start + 10_000); // 08:58 + 20m26.7s = 09:18:26
        assertThat(c.session(c.now())).isEqualTo(TradingSession.CONTINUOUS);
        assertThat(vn(c.now())).isEqualTo(LocalDateTime.of(2025, 12, 1, 9, 18, 26, 666_000_000));
        wall.set(start + 90_000); // 08:58 + 184 min = 12:02
        assertThat(c.session(c.now())).isEqualTo(TradingSession.LUNCH);
        wall.set(start + 170_000); // 08:58 + 347.6 min = 14:45:33
        assertThat(c.session(c.now())).isEqualTo(TradingSession.PUT_THROUGH);
        wall.set(start + 180_500); // next virtual day, 08:59:01
        assertThat(vn(c.now()).toLocalDate()).isEqualTo(java.time.LocalDate.of(2025, 12, 2));
        assertThat(c.session(c.now())).isEqualTo(TradingSession.PRE_OPEN);
    }

    @Test
    void openIsAlwaysContinuousAndRealFollowsTheCalendar() {
        long saturday = LocalDateTime.of(2025, 12, 6, 10, 0).atZone(Instruments.VN).toInstant().toEpochMilli();
        ManualClock wall = new ManualClock(saturday);
        assertThat(SessionClock.of("open", wall).session(saturday)).isEqualTo(TradingSession.CONTINUOUS);
        assertThat(SessionClock.of("real", wall).session(saturday)).isEqualTo(TradingSession.CLOSED);
        assertThat(SessionClock.of("real", wall).now()).isEqualTo(saturday);
        assertThatThrownBy(() -> SessionClock.of("slow", wall)).hasMessageContaining("real, open, fast");
    }
}
