package vn.stocktracker.market;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/**
 * HOSE trading hours in Asia/Ho_Chi_Minh: ATO 09:00-09:15, continuous 09:15-11:30 and 13:00-14:30,
 * lunch 11:30-13:00, ATC 14:30-14:45, put-through until 15:00; Monday to Friday. The trading day
 * rolls over at 15:05, when the day's state is reset. Pure functions.
 */
public final class TradingCalendar {

    public static final LocalTime ATO_START = LocalTime.of(9, 0);
    public static final LocalTime CONTINUOUS_START = LocalTime.of(9, 15);
    public static final LocalTime LUNCH_START = LocalTime.of(11, 30);
    public static final LocalTime LUNCH_END = LocalTime.of(13, 0);
    public static final LocalTime ATC_START = LocalTime.of(14, 30);
    public static final LocalTime ATC_END = LocalTime.of(14, 45);
    public static final LocalTime PUT_THROUGH_END = LocalTime.of(15, 0);
    /** The daily reset time. */
    public static final LocalTime RESET = LocalTime.of(15, 5);

    private static final long RESET_SHIFT_MS = (24 * 3600 - RESET.toSecondOfDay()) * 1000L;

    private TradingCalendar() {
    }

    /** The HOSE session at an instant. */
    public static TradingSession sessionAt(long epochMs) {
        ZonedDateTime t = Instant.ofEpochMilli(epochMs).atZone(Instruments.VN);
        DayOfWeek d = t.getDayOfWeek();
        if (d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY) {
            return TradingSession.CLOSED;
        }
        return sessionAt(t.toLocalTime());
    }

    /** The HOSE session at a Vietnam wall-clock time on a trading day. */
    public static TradingSession sessionAt(LocalTime t) {
        if (t.isBefore(ATO_START)) {
            return TradingSession.PRE_OPEN;
        }
        if (t.isBefore(CONTINUOUS_START)) {
            return TradingSession.ATO;
        }
        if (t.isBefore(LUNCH_START)) {
            return TradingSession.CONTINUOUS;
        }
        if (t.isBefore(LUNCH_END)) {
            return TradingSession.LUNCH;
        }
        if (t.isBefore(ATC_START)) {
            return TradingSession.CONTINUOUS;
        }
        if (t.isBefore(ATC_END)) {
            return TradingSession.ATC;
        }
        if (t.isBefore(PUT_THROUGH_END)) {
            return TradingSession.PUT_THROUGH;
        }
        return TradingSession.CLOSED;
    }

    /** When the trading day {@code day} starts: 15:05 Vietnam time on the date before (the previous reset). */
    public static java.time.Instant dayStart(LocalDate day) {
        return day.minusDays(1).atTime(RESET).atZone(Instruments.VN).toInstant();
    }

    /**
     * The trading day an instant belongs to: the Vietnam date, except that from 15:05 on it is already
     * the next date (the day's state was reset at 15:05).
     */
    public static LocalDate tradingDay(long epochMs) {
        return Instant.ofEpochMilli(epochMs + RESET_SHIFT_MS).atZone(Instruments.VN).toLocalDate();
    }
}
