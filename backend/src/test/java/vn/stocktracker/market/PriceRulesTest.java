package vn.stocktracker.market;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.time.LocalTime;

import static vn.stocktracker.market.Instrument.Exchange.HNX;
import static vn.stocktracker.market.Instrument.Exchange.HOSE;
import static vn.stocktracker.market.Instrument.Exchange.UPCOM;
import static org.assertj.core.api.Assertions.assertThat;

class PriceRulesTest {

    @ParameterizedTest
    @CsvSource({"9990,10", "10000,50", "49950,50", "50000,100", "150000,100"})
    void hoseTickSizes(long price, long tick) {
        assertThat(PriceRules.tickSize(HOSE, price)).isEqualTo(tick);
        assertThat(PriceRules.tickSize(HNX, price)).isEqualTo(100);
    }

    @ParameterizedTest
    @CsvSource({
            "HOSE, 22950, 24550, 21350",
            "HOSE, 9500, 10150, 8840",
            "HOSE, 118000, 126200, 109800",
            "HOSE, 48000, 51300, 44650",
            "HNX, 20000, 22000, 18000",
            "UPCOM, 12300, 14100, 10500"})
    void bandsRoundInsideTheBand(Instrument.Exchange ex, long ref, long ceiling, long floor) {
        assertThat(PriceRules.ceiling(ex, ref)).isEqualTo(ceiling);
        assertThat(PriceRules.floor(ex, ref)).isEqualTo(floor);
    }

    @Test
    void sessionsOfTheHoseDay() {
        assertThat(TradingCalendar.sessionAt(LocalTime.of(8, 59))).isEqualTo(TradingSession.PRE_OPEN);
        assertThat(TradingCalendar.sessionAt(LocalTime.of(9, 0))).isEqualTo(TradingSession.ATO);
        assertThat(TradingCalendar.sessionAt(LocalTime.of(9, 15))).isEqualTo(TradingSession.CONTINUOUS);
        assertThat(TradingCalendar.sessionAt(LocalTime.of(11, 30))).isEqualTo(TradingSession.LUNCH);
        assertThat(TradingCalendar.sessionAt(LocalTime.of(13, 0))).isEqualTo(TradingSession.CONTINUOUS);
        assertThat(TradingCalendar.sessionAt(LocalTime.of(14, 30))).isEqualTo(TradingSession.ATC);
        assertThat(TradingCalendar.sessionAt(LocalTime.of(14, 45))).isEqualTo(TradingSession.PUT_THROUGH);
        assertThat(TradingCalendar.sessionAt(LocalTime.of(15, 0))).isEqualTo(TradingSession.CLOSED);
        long saturdayTen = LocalDate.of(2025, 12, 6).atTime(10, 0).atZone(Instruments.VN).toInstant().toEpochMilli();
        assertThat(TradingCalendar.sessionAt(saturdayTen)).isEqualTo(TradingSession.CLOSED);
    }

    @Test
    void frontMonthRollsAfterTheThirdThursday() {
        // December 2025: third Thursday is the 18th
        assertThat(Instruments.frontMonthFutures(LocalDate.of(2025, 12, 18))).isEqualTo("VN30F2512");
        assertThat(Instruments.frontMonthFutures(LocalDate.of(2025, 12, 19))).isEqualTo("VN30F2601");
    }

    @Test
    void sessionCodesMapLeniently() {
        assertThat(TradingSession.fromCode(" lo ")).isEqualTo(TradingSession.CONTINUOUS);
        assertThat(TradingSession.fromCode("ATC")).isEqualTo(TradingSession.ATC);
        assertThat(TradingSession.fromCode("???")).isNull();
    }
}
