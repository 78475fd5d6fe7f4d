package vn.stocktracker.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.stocktracker.market.alert.Alert;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads stored alerts back (the writer stores them with the other rows, see {@link CopyTable}). */
public final class AlertStore {
    private static final TypeReference<LinkedHashMap<String, Object>> DATA = new TypeReference<>() {
    };

    /**
     * What to read: each set empty means "any"; {@code from} inclusive, {@code to} exclusive; newest
     * first, at most {@code limit}.
     */
    public record Query(Set<String> kinds, Set<String> severities, Set<String> symbols, Instant from, Instant to,
                        int limit) {
        public Query {
            kinds = Set.copyOf(kinds);
            severities = Set.copyOf(severities);
            symbols = Set.copyOf(symbols);
        }
    }

    private final Database db;
    private final ObjectMapper json = new ObjectMapper();

    public AlertStore(Database db) {
        this.db = db;
    }

    /** Alerts matching {@code q}; an id stored twice (a replayed recording) is returned once. */
    public List<Alert> find(Query q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT DISTINCT ON (ts, id) ts, symbol, id, kind, severity, message, data::text"
                + " FROM alerts WHERE ts >= ? AND ts < ?");
        List<Object> args = new ArrayList<>();
        args.add(OffsetDateTime.ofInstant(q.from(), ZoneOffset.UTC));
        args.add(OffsetDateTime.ofInstant(q.to(), ZoneOffset.UTC));
        any(sql, args, "kind", q.kinds());
        any(sql, args, "severity", q.severities());
        any(sql, args, "symbol", q.symbols());
        sql.append(" ORDER BY ts DESC, id LIMIT ?");
        args.add(q.limit());
        List<Alert> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setQueryTimeout(10);
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Alert(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(2), rs.getString(6),
                            rs.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli(), data(rs.getString(7))));
                }
            }
        }
        return out;
    }

    private static void any(StringBuilder sql, List<Object> args, String column, Set<String> values) {
        if (values.isEmpty()) {
            return;
        }
        sql.append(" AND ").append(column).append(" IN (");
        int i = 0;
        for (String v : values.stream().sorted().toList()) {
            sql.append(i++ == 0 ? "?" : ", ?");
            args.add(v);
        }
        sql.append(')');
    }

    private Map<String, Object> data(String text) throws SQLException {
        try {
            return json.readValue(text, DATA);
        } catch (IOException e) {
            throw new SQLException("stored alert data is not a JSON object: " + e.getMessage(), e);
        }
    }
}
