package dev.stackctl.backup;

import java.util.ArrayList;
import java.util.List;

/**
 * Exact row counts of every user table (a hypertable counted once, with its chunks) and the newest
 * time of each hypertable, as psql script lines whose output is one {@code stackctl|table|...} line
 * per table. Run inside a transaction, they count what that transaction's snapshot sees.
 */
final class TableCounts {
    static final String MARK = "stackctl|";

    private TableCounts() {}

    /**
     * The psql lines that print the counts. {@code timescaledb}: whether the extension is installed
     * (its information schema names each hypertable's time dimension).
     */
    static String script(boolean timescaledb) {
        String dims = timescaledb
                ? "(SELECT hypertable_schema::text AS s, hypertable_name::text AS t, column_name::text AS col"
                        + " FROM timescaledb_information.dimensions WHERE dimension_number = 1)"
                : "(SELECT NULL::text AS s, NULL::text AS t, NULL::text AS col WHERE false)";
        // each generated SELECT prints: stackctl|table|schema|name|rows|timeColumn|newest
        return "SELECT format('SELECT %L || count(*) || %L || %s FROM %I.%I',"
                + " 'stackctl|table|' || n.nspname || '|' || c.relname || '|', '|' || coalesce(d.col, '') || '|',"
                + " CASE WHEN d.col IS NULL THEN quote_literal('') ELSE format('coalesce(max(%I)::text, %L)', d.col, '') END,"
                + " n.nspname, c.relname)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN " + dims + " d ON d.s = n.nspname AND d.t = c.relname"
                + " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition"
                + " AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
                + " AND n.nspname NOT LIKE '\\_timescaledb%' AND n.nspname NOT LIKE 'timescaledb\\_%'"
                + " AND n.nspname NOT LIKE 'pg\\_temp%' AND n.nspname NOT LIKE 'pg\\_toast%'"
                + " ORDER BY n.nspname, c.relname \\gexec\n";
    }

    /** The tables in psql's output (other lines are ignored); times are made ISO-8601 where they are PostgreSQL's UTC text. */
    static List<Manifest.Table> parse(String output) {
        List<Manifest.Table> tables = new ArrayList<>();
        for (String line : output.lines().toList()) {
            String l = line.strip();
            if (!l.startsWith(MARK + "table|")) {
                continue;
            }
            String[] f = l.split("\\|", -1);
            if (f.length != 7) {
                throw new IllegalArgumentException("unexpected count line: " + l);
            }
            tables.add(new Manifest.Table(f[2], f[3], Long.parseLong(f[4]), f[5], iso(f[6])));
        }
        return List.copyOf(tables);
    }

    /** {@code 2026-12-07 05:30:00.123+00} (timestamptz with TimeZone UTC) -> {@code 2026-12-07T05:30:00.123Z}; anything else as it is. */
    static String iso(String pg) {
        if (pg.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d+)?\\+00")) {
            return pg.substring(0, pg.length() - 3).replace(' ', 'T') + "Z";
        }
        return pg;
    }

    /** One psql-safe SQL literal. */
    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** One SQL identifier, quoted. */
    static String ident(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
