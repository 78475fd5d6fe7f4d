package vn.stocktracker.store;

import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.ByteStreamWriter;
import vn.stocktracker.market.ProcessorOutput.AlertRow;
import vn.stocktracker.market.ProcessorOutput.ForeignRow;
import vn.stocktracker.market.ProcessorOutput.FuturesRow;
import vn.stocktracker.market.ProcessorOutput.IndexRow;
import vn.stocktracker.market.ProcessorOutput.Row;
import vn.stocktracker.market.ProcessorOutput.TickRow;
import vn.stocktracker.market.TradeSide;
import vn.stocktracker.market.TradingSession;
import vn.stocktracker.market.alert.Alert;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Each table's COPY statement and the text line of one row of its kind. */
class CopyTableTest {
    private static final long TS = 1_764_555_300_041L; // 2025-12-01 02:15:00.041 UTC

    /** Collects what would go to the server. */
    private static final class Capture implements CopyIn {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override public void writeToCopy(byte[] buf, int off, int siz) { bytes.write(buf, off, siz); }
        @Override public void writeToCopy(ByteStreamWriter from) { throw new UnsupportedOperationException(); }
        @Override public void flushCopy() { }
        @Override public long endCopy() { return 0; }
        @Override public int getFieldCount() { return 0; }
        @Override public int getFormat() { return 0; }
        @Override public int getFieldFormat(int field) { return 0; }
        @Override public boolean isActive() { return true; }
        @Override public void cancelCopy() { }
        @Override public long getHandledRowCount() { return 0; }
    }

    private static String line(Row row) throws Exception {
        AtomicLong seq = new AtomicLong(41);
        CopyTable<?> table = CopyTable.all(seq::incrementAndGet).stream().filter(t -> t.holds(row)).findFirst().orElseThrow();
        CopyText text = new CopyText();
        Capture capture = new Capture();
        text.begin(capture);
        table.write(text, row);
        text.end();
        return table.table() + ": " + capture.bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyKindOfRowHasItsTableAndColumns() throws Exception {
        assertThat(line(new TickRow(TS, "FPT", 118_900, 300, TradeSide.BUY, TradingSession.CONTINUOUS, false)))
                .isEqualTo("ticks: 2025-12-01 02:15:00.041+00\tFPT\t118900\t300\tB\tcontinuous\t42\n");
        assertThat(line(new TickRow(TS, "VN30F2512", 132_540, 2, TradeSide.SELL, null, true)))
                .as("futures prices are hundredths of a point; an unknown session is written as such")
                .isEqualTo("ticks: 2025-12-01 02:15:00.041+00\tVN30F2512\t1325.40\t2\tS\tunknown\t42\n");
        assertThat(line(new ForeignRow(TS, "VNM", 1, 2, 3, 4, 5, -6, 7)))
                .isEqualTo("foreign_flow: 2025-12-01 02:15:00.041+00\tVNM\t1\t2\t3\t4\t5\t-6\t7\n");
        assertThat(line(new IndexRow(TS, "VN30", 1318.27, -2.5, 10, 20, 18, 4, 8)))
                .isEqualTo("index_snapshots: 2025-12-01 02:15:00.041+00\tVN30\t1318.27\t-2.5\t10\t20\t18\t4\t8\n");
        assertThat(line(new FuturesRow(TS, "VN30F2512", 1325.4, 3, 1318.27, 7.13)))
                .isEqualTo("futures_ticks: 2025-12-01 02:15:00.041+00\tVN30F2512\t1325.4\t3\t1318.27\t7.13\n");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ratio", 7.5);
        data.put("note", "tab\there");
        assertThat(line(new AlertRow(new Alert("vs-FPT-1", "volume_spike", "critical", "FPT",
                "FPT: back\\slash, new\nline, Vi\u1EC7t", TS, data))))
                .as("message and data are escaped for COPY (backslash, tab, newline) and written as UTF-8")
                .isEqualTo("alerts: 2025-12-01 02:15:00.041+00\tFPT\tvs-FPT-1\tvolume_spike\tcritical\t"
                        + "FPT: back\\\\slash, new\\nline, Vi\u1EC7t\t{\"ratio\":7.5,\"note\":\"tab\\\\there\"}\n");
    }

    @Test
    void copyStatementsNameTheColumnsInTheOrderTheRowsAreWritten() {
        List<String> sql = CopyTable.all(() -> 0).stream().map(CopyTable::copySql).toList();
        assertThat(sql).containsExactly(
                "COPY ticks (ts, symbol, price, volume, side, session, seq) FROM STDIN",
                "COPY foreign_flow (ts, symbol, buy_vol, sell_vol, buy_val, sell_val, delta_buy_vol, delta_sell_vol, current_room) FROM STDIN",
                "COPY index_snapshots (ts, symbol, value, change, total_qtty, total_value, advances, no_changes, declines) FROM STDIN",
                "COPY futures_ticks (ts, symbol, price, volume, index_value, basis) FROM STDIN",
                "COPY alerts (ts, symbol, id, kind, severity, message, data) FROM STDIN");
    }

    @Test
    void eachRowBelongsToExactlyOneTable() {
        List<Row> rows = List.of(new TickRow(TS, "FPT", 1, 1, TradeSide.BUY, TradingSession.ATO, false),
                new ForeignRow(TS, "FPT", 0, 0, 0, 0, 0, 0, 0), new IndexRow(TS, "VN30", 0, 0, 0, 0, 0, 0, 0),
                new FuturesRow(TS, "VN30F2512", 0, 0, 0, 0),
                new AlertRow(new Alert("bf-VN30F2512-1", "basis_flip", "info", "VN30F2512", "m", TS, Map.of())));
        for (Row r : rows) {
            assertThat(CopyTable.all(() -> 0).stream().filter(t -> t.holds(r))).as(r.toString()).hasSize(1);
        }
    }
}
