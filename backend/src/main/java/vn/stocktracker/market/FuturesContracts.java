package vn.stocktracker.market;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The VN30 index futures contracts the tracker follows, and which one the board shows.
 *
 * <p>By default: the current contract (the month's, until its expiry on the third Thursday, then the
 * next month's) and the one after it, with the <em>most traded</em> of them shown (trading moves to the
 * next contract in the days before an expiry). {@code FUTURES_CONTRACTS} replaces the list and
 * {@code FUTURES_SHOWN} pins the shown one ({@code auto}: the most traded).
 *
 * @param symbols contract codes, nearest expiry first, at least one
 * @param shown   the contract always shown, or null for the most traded
 */
public record FuturesContracts(List<String> symbols, String shown) {

    private static final Pattern CODE = Pattern.compile("VN30F(\\d{2})(\\d{2})");

    public FuturesContracts {
        symbols = List.copyOf(symbols);
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("at least one futures contract");
        }
        if (shown != null && !symbols.contains(shown)) {
            throw new IllegalArgumentException(shown + " is not one of " + symbols);
        }
    }

    /** The current and the next-month contract on {@code day}, the most traded shown. */
    public static FuturesContracts defaults(LocalDate day) {
        YearMonth current = currentMonth(day);
        return new FuturesContracts(List.of(code(current), code(current.plusMonths(1))), null);
    }

    /** The month of the contract trading on {@code day}: this month's until its expiry, then the next. */
    static YearMonth currentMonth(LocalDate day) {
        YearMonth m = YearMonth.from(day);
        return day.isAfter(expiry(m)) ? m.plusMonths(1) : m;
    }

    /** A contract's last trading day: the third Thursday of its month. */
    public static LocalDate expiry(YearMonth month) {
        LocalDate first = month.atDay(1);
        int shift = (DayOfWeek.THURSDAY.getValue() - first.getDayOfWeek().getValue() + 7) % 7;
        return first.plusDays(shift + 14L);
    }

    static String code(YearMonth m) {
        return String.format(Locale.ROOT, "VN30F%02d%02d", m.getYear() % 100, m.getMonthValue());
    }

    /**
     * Reads {@code FUTURES_CONTRACTS} and {@code FUTURES_SHOWN} (blank: the defaults) for trading day
     * {@code day}; every problem is one line naming the variable, the value and the fix, added to
     * {@code problems} (the defaults are returned then).
     */
    public static FuturesContracts parse(String contracts, String shown, LocalDate day, List<String> problems) {
        FuturesContracts dflt = defaults(day);
        int before = problems.size();
        List<String> symbols = new ArrayList<>();
        if (contracts == null || contracts.isBlank()) {
            symbols.addAll(dflt.symbols());
        } else {
            Set<String> seen = new LinkedHashSet<>();
            for (String raw : contracts.split(",")) {
                String c = raw.trim().toUpperCase(Locale.ROOT);
                String problem = problem(c, day, dflt);
                if (problem != null) {
                    problems.add("FUTURES_CONTRACTS: '" + raw.trim() + "' " + problem);
                } else if (!seen.add(c)) {
                    problems.add("FUTURES_CONTRACTS: '" + c + "' is listed twice; list each contract once");
                }
            }
            symbols.addAll(seen);
            symbols.sort(String::compareTo);
        }
        String pin = shown == null || shown.isBlank() || shown.trim().equalsIgnoreCase("auto") ? null
                : shown.trim().toUpperCase(Locale.ROOT);
        if (pin != null && problems.size() == before && !symbols.contains(pin)) {
            problems.add("FUTURES_SHOWN: '" + shown.trim() + "' is not a tracked contract; use auto (the most traded) or one of "
                    + String.join(", ", symbols));
        }
        return problems.size() > before ? dflt : new FuturesContracts(symbols, pin);
    }

    private static String problem(String code, LocalDate day, FuturesContracts dflt) {
        Matcher m = CODE.matcher(code);
        if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 12) {
            return "is not a VN30 futures code; use VN30F then the year and month of expiry, e.g. "
                    + String.join(",", dflt.symbols());
        }
        YearMonth month = YearMonth.of(2000 + Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        if (month.isBefore(currentMonth(day))) {
            return "expired on " + expiry(month) + "; the current contract is " + dflt.symbols().get(0);
        }
        return null;
    }
}
