package vn.stocktracker.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.stocktracker.market.ProcessorOutput.AlertRow;
import vn.stocktracker.market.ProcessorOutput.ForeignRow;
import vn.stocktracker.market.ProcessorOutput.FuturesRow;
import vn.stocktracker.market.ProcessorOutput.IndexRow;
import vn.stocktracker.market.ProcessorOutput.Row;
import vn.stocktracker.market.ProcessorOutput.TickRow;
import vn.stocktracker.market.TradeSide;
import vn.stocktracker.market.TradingSession;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One table the writer fills with {@code COPY ... FROM STDIN}: its name, its column list and how one
 * row of its kind is formatted (columns in that order, COPY text format). The writer runs the same
 * loop over {@link #all} for every batch, so a fifth kind of row is one more entry here.
 *
 * @param <R> the kind of row stored in this table
 */
record CopyTable<R extends Row>(String table, String columns, Class<R> type, Format<R> format) {

    /** Writes the columns of one row (without the row end). */
    @FunctionalInterface
    interface Format<R> {
        void write(CopyText out, R row) throws SQLException;
    }

    private static final String[] SESSION_NAMES = Arrays.stream(TradingSession.values())
            .map(v -> v.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    String copySql() {
        return "COPY " + table + " (" + columns + ") FROM STDIN";
    }

    /** Whether {@code row} belongs in this table; then {@link #write} takes it. */
    boolean holds(Row row) {
        return type.isInstance(row);
    }

    void write(CopyText out, Row row) throws SQLException {
        format.write(out, type.cast(row));
        out.endRow();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The five tables; {@code tickSeq} numbers the ticks (the {@code seq} column, unique per writer). */
    static List<CopyTable<?>> all(LongSupplier tickSeq) {
        return List.of(
                new CopyTable<>("ticks", "ts, symbol, price, volume, side, session, seq", TickRow.class,
                        (out, t) -> {
                            start(out, t);
                            if (t.futures()) {
                                out.hundredths(t.price());
                            } else {
                                out.number(t.price());
                            }
                            out.tab();
                            out.number(t.volume());
                            out.tab();
                            out.ch(sideCode(t.side()));
                            out.tab();
                            out.text(t.session() == null ? "unknown" : SESSION_NAMES[t.session().ordinal()]);
                            out.tab();
                            out.number(tickSeq.getAsLong());
                        }),
                new CopyTable<>("foreign_flow", "ts, symbol, buy_vol, sell_vol, buy_val, sell_val, delta_buy_vol,"
                        + " delta_sell_vol, current_room", ForeignRow.class,
                        (out, f) -> {
                            start(out, f);
                            numbers(out, f.buyVol(), f.sellVol(), f.buyVal(), f.sellVal(), f.deltaBuyVol(),
                                    f.deltaSellVol(), f.currentRoom());
                        }),
                new CopyTable<>("index_snapshots", "ts, symbol, value, change, total_qtty, total_value, advances,"
                        + " no_changes, declines", IndexRow.class,
                        (out, i) -> {
                            start(out, i);
                            out.number(i.value());
                            out.tab();
                            out.number(i.change());
                            out.tab();
                            numbers(out, i.totalQtty(), i.totalValue(), i.advances(), i.noChanges(), i.declines());
                        }),
                new CopyTable<>("futures_ticks", "ts, symbol, price, volume, index_value, basis", FuturesRow.class,
                        (out, x) -> {
                            start(out, x);
                            out.number(x.price());
                            out.tab();
                            out.number(x.volume());
                            out.tab();
                            out.number(x.indexValue());
                            out.tab();
                            out.number(x.basis());
                        }),
                new CopyTable<>("alerts", "ts, symbol, id, kind, severity, message, data", AlertRow.class,
                        (out, a) -> {
                            start(out, a);
                            out.escaped(a.alert().id());
                            out.tab();
                            out.text(a.alert().kind());
                            out.tab();
                            out.text(a.alert().severity());
                            out.tab();
                            out.escaped(a.alert().message());
                            out.tab();
                            out.escaped(json(a.alert().data()));
                        }));
    }

    private static String json(Object data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("alert data is not JSON: " + e.getMessage(), e);
        }
    }

    /** The two leading columns every table has: {@code ts, symbol}, each followed by a tab. */
    private static void start(CopyText out, Row r) {
        out.timestamp(r.ts());
        out.tab();
        out.text(r.symbol());
        out.tab();
    }

    private static void numbers(CopyText out, long... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.tab();
            }
            out.number(values[i]);
        }
    }

    private static char sideCode(TradeSide s) {
        return switch (s) {
            case BUY -> 'B';
            case SELL -> 'S';
            default -> 'N';
        };
    }
}
