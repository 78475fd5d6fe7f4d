package vn.stocktracker.market;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DayPricesTest {

    @Test
    void tradesSetOpenHighLowLast() {
        DayPrices p = new DayPrices();
        p.band(23_000, 24_600, 21_400);
        assertThat(p.lastOrRef()).isEqualTo(23_000);
        assertThat(p.change()).as("no trade yet").isZero();
        p.trade(23_100);
        p.trade(22_900);
        p.trade(23_050);
        assertThat(new long[] {p.open, p.high, p.low, p.last}).containsExactly(23_100, 23_100, 22_900, 23_050);
        assertThat(p.change()).isEqualTo(50);
        assertThat(p.changePct()).isEqualTo(0.22);
        assertThat(p.lastOrRef()).isEqualTo(23_050);
    }

    @Test
    void aNewDayKeepsTheBandAndForgetsTheTrading() {
        DayPrices p = new DayPrices();
        p.band(60_000, 64_200, 55_800);
        p.trade(61_000);
        p.totalVol = 500;
        p.totalVal = 30_500_000;
        p.resetDay();
        assertThat(new long[] {p.open, p.high, p.low, p.last, p.totalVol, p.totalVal}).containsOnly(0L);
        assertThat(new long[] {p.ref, p.ceiling, p.floor}).containsExactly(60_000, 64_200, 55_800);
        p.trade(59_000);
        assertThat(p.low).as("the first trade of the day sets the low, not a zero left from yesterday").isEqualTo(59_000);
    }
}
