package vn.stocktracker.source.ssi;

import vn.stocktracker.market.Instruments;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * SSI's exchange times: {@code dd/MM/yyyy} dates and {@code HH:mm:ss} times in Vietnam time without a
 * zone. Converts them to epoch milliseconds UTC. Caches the last date, since a whole session carries
 * the same one. Not thread-safe (one per decoder).
 */
final class VnTime {

    private static final long DAY_MS = 86_400_000L;
    private static final DateTimeFormatter DMY = DateTimeFormatter.ofPattern("d/M/uuuu")
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);

    private final Clock clock;
    private String lastDateText;
    private long lastDateMs = Long.MIN_VALUE;

    VnTime(Clock clock) {
        this.clock = clock;
    }

    /**
     * Epoch ms of {@code date} + {@code time}. A missing date means the last date seen (else today in
     * Vietnam); a missing or unreadable time means now. {@code time} may also carry its own date
     * ({@code dd/MM/yyyy HH:mm:ss} or ISO {@code yyyy-MM-ddTHH:mm:ss}), as SSI's B channel does.
     */
    long toEpochMs(String date, String time) {
        if (time != null && time.length() > 8) {
            long full = parseDateTime(time.trim());
            if (full != Long.MIN_VALUE) {
                return full;
            }
        }
        long dayMs = date == null ? Long.MIN_VALUE : dateMs(date);
        if (dayMs == Long.MIN_VALUE) {
            dayMs = lastDateMs != Long.MIN_VALUE ? lastDateMs : todayMs();
        }
        int sec = time == null ? -1 : secondsOfDay(time);
        if (sec < 0) {
            long now = clock.millis();
            return now >= dayMs && now < dayMs + DAY_MS ? now : dayMs;
        }
        return dayMs + sec * 1000L;
    }

    /** Epoch ms of 00:00 Vietnam time on a {@code dd/MM/yyyy} date, or {@code Long.MIN_VALUE}. */
    long dateMs(String date) {
        if (date == lastDateText || date.equals(lastDateText)) {
            return lastDateMs;
        }
        LocalDate d = parseDate(date.trim());
        if (d == null) {
            return Long.MIN_VALUE;
        }
        lastDateText = date;
        lastDateMs = d.atStartOfDay(Instruments.VN).toInstant().toEpochMilli();
        return lastDateMs;
    }

    /** {@code dd/MM/yyyy} (also {@code yyyy-MM-dd} and {@code ddMMyyyy}), or null. */
    static LocalDate parseDate(String s) {
        try {
            if (s.indexOf('/') > 0) {
                return LocalDate.parse(s, DMY);
            }
            if (s.indexOf('-') > 0) {
                return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
            }
            if (s.length() == 8) {
                return LocalDate.of(Integer.parseInt(s.substring(4)), Integer.parseInt(s.substring(2, 4)),
                        Integer.parseInt(s.substring(0, 2)));
            }
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return null;
        }
        return null;
    }

    /** {@code HH:mm:ss} (also {@code H:mm:ss}, {@code HH:mm}, {@code HHmmss}) to seconds of the day, -1 if unreadable. */
    static int secondsOfDay(String t) {
        int n = t.length();
        if (n == 6 && t.indexOf(':') < 0) {
            return hms(num2(t, 0), num2(t, 2), num2(t, 4));
        }
        int h = -1;
        int m = -1;
        int sec = 0;
        int field = 0;
        int v = 0;
        int digits = 0;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? t.charAt(i) : ':';
            if (c >= '0' && c <= '9') {
                if (++digits > 2) {
                    return -1;
                }
                v = v * 10 + (c - '0');
            } else if (c == ':' || (c == '.' && field == 2)) {
                if (digits == 0) {
                    return -1;
                }
                switch (field++) {
                    case 0 -> h = v;
                    case 1 -> m = v;
                    case 2 -> sec = v;
                    default -> {
                        return -1;
                    }
                }
                if (c == '.') {
                    break;
                }
                v = 0;
                digits = 0;
            } else {
                return -1;
            }
        }
        return field < 2 ? -1 : hms(h, m, sec);
    }

    private static int num2(String t, int at) {
        char a = t.charAt(at);
        char b = t.charAt(at + 1);
        if (a < '0' || a > '9' || b < '0' || b > '9') {
            return -1;
        }
        return (a - '0') * 10 + (b - '0');
    }

    private static int hms(int h, int m, int s) {
        if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) {
            return -1;
        }
        return h * 3600 + m * 60 + s;
    }

    private long parseDateTime(String s) {
        int cut = s.indexOf(' ');
        if (cut < 0) {
            cut = s.indexOf('T');
        }
        if (cut <= 0) {
            return Long.MIN_VALUE;
        }
        LocalDate d = parseDate(s.substring(0, cut));
        int sec = secondsOfDay(s.substring(cut + 1));
        if (d == null || sec < 0) {
            return Long.MIN_VALUE;
        }
        return LocalDateTime.of(d, java.time.LocalTime.ofSecondOfDay(sec)).atZone(Instruments.VN).toInstant().toEpochMilli();
    }

    private long todayMs() {
        return LocalDate.now(clock.withZone(Instruments.VN)).atStartOfDay(Instruments.VN).toInstant().toEpochMilli();
    }
}
