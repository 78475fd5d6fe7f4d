package vn.stocktracker.source.ssi;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Edge cases of the number and time readers behind the decoder. */
class SsiParsingEdgeTest {

    private static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");

    private static double num(String s) {
        return LenientNumber.parse(s);
    }

    @Test
    void numbersInEveryShapeSsiSends() {
        assertThat(num("22950")).isEqualTo(22950.0);
        assertThat(num("22950.0")).isEqualTo(22950.0);
        assertThat(num(" 1,523,400 ")).isEqualTo(1523400.0);
        assertThat(num("-0.25")).isEqualTo(-0.25);
        assertThat(num("1238.76")).isEqualTo(1238.76);
        assertThat(num("7289093000000.0")).isEqualTo(7.289093e12);
        assertThat(num("1.5e3")).isEqualTo(1500.0);
        assertThat(num("185028289999.99728")).isEqualTo(185028289999.99728);
        assertThat(num("0.0000000000000000000001")).isEqualTo(1e-22);
        assertThat(num("")).isNaN();
        assertThat(num("abc")).isNaN();
        assertThat(num("-")).isNaN();
        // Double.parseDouble reads these; no price is one
        assertThat(num("NaN")).isNaN();
        assertThat(num("Infinity")).isNaN();
        assertThat(num("0x1p3")).isNaN();
    }

    @Test
    void timesOfDay() {
        assertThat(VnTime.secondsOfDay("14:07:53")).isEqualTo(14 * 3600 + 7 * 60 + 53);
        assertThat(VnTime.secondsOfDay("9:15:00")).isEqualTo(9 * 3600 + 15 * 60);
        assertThat(VnTime.secondsOfDay("140753")).isEqualTo(14 * 3600 + 7 * 60 + 53);
        assertThat(VnTime.secondsOfDay("14:07")).isEqualTo(14 * 3600 + 7 * 60);
        assertThat(VnTime.secondsOfDay("14:07:53.250")).isEqualTo(14 * 3600 + 7 * 60 + 53);
        assertThat(VnTime.secondsOfDay("24:00:00")).isEqualTo(-1);
        assertThat(VnTime.secondsOfDay("ab:cd:ef")).isEqualTo(-1);
        assertThat(VnTime.secondsOfDay("1:2:3:4")).isEqualTo(-1);
    }

    @Test
    void datesAndTheFallbacks() {
        assertThat(VnTime.parseDate("14/08/2023")).isEqualTo(LocalDate.of(2023, 8, 14));
        assertThat(VnTime.parseDate("2023-08-14")).isEqualTo(LocalDate.of(2023, 8, 14));
        assertThat(VnTime.parseDate("14082023")).isEqualTo(LocalDate.of(2023, 8, 14));
        assertThat(VnTime.parseDate("31/02/2023")).isNull();

        Clock clock = Clock.fixed(Instant.parse("2025-12-01T03:00:00Z"), ZoneOffset.UTC);
        VnTime t = new VnTime(clock);
        long vn = LocalDateTime.of(2023, 8, 14, 14, 7, 53).atZone(VN).toInstant().toEpochMilli();
        assertThat(t.toEpochMs("14/08/2023", "14:07:53")).isEqualTo(vn);
        // a frame without a date (B channel) takes the last date seen
        assertThat(t.toEpochMs(null, "14:07:53")).isEqualTo(vn);
        // a date inside the time field
        assertThat(t.toEpochMs(null, "14/08/2023 14:07:53")).isEqualTo(vn);
        // no date ever seen: today in Vietnam; no time: now (when it is that day)
        VnTime fresh = new VnTime(clock);
        assertThat(fresh.toEpochMs(null, "09:15:00"))
                .isEqualTo(LocalDateTime.of(2025, 12, 1, 9, 15).atZone(VN).toInstant().toEpochMilli());
        assertThat(fresh.toEpochMs("01/12/2025", null)).isEqualTo(clock.millis());
    }

    @Test
    void backoffGrowsWithJitterAndIsCapped() {
        Backoff b = new Backoff(java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(1000), new java.util.Random(1));
        long[] d = new long[8];
        for (int i = 0; i < d.length; i++) {
            d[i] = b.next();
        }
        assertThat(d[0]).isBetween(50L, 100L);
        assertThat(d[1]).isBetween(100L, 200L);
        assertThat(d[2]).isBetween(200L, 400L);
        assertThat(d[3]).isBetween(400L, 800L);
        for (int i = 4; i < d.length; i++) {
            assertThat(d[i]).isBetween(500L, 1000L);
        }
        b.reset();
        assertThat(b.next()).isBetween(50L, 100L);
    }
}
