package dev.stackctl.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a backup holds, written as JSON beside the dump ({@code NAME.dump} -> {@code NAME.json}):
 * the dump's size and SHA-256 (a restore checks both before it touches a database), the row count of
 * every table and the newest time of every hypertable, counted in the snapshot the dump was taken
 * from, and the versions that made it.
 *
 * @param createdAt    when the snapshot was taken, ISO-8601 UTC
 * @param timescaledb  the extension's version in the database, or "" for plain PostgreSQL
 */
public record Manifest(String createdAt, String project, String database, String file, long sizeBytes, String sha256,
                       String postgresql, String timescaledb, String pgDump, String stackctl, String snapshot, List<Table> tables) {
    public static final String FORMAT = "stackctl-backup/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * One table in the snapshot.
     *
     * @param timeColumn the hypertable's time column, or "" for a plain table
     * @param newest     the newest value of that column in the snapshot, or "" (plain table, or no rows)
     */
    public record Table(String schema, String name, long rows, String timeColumn, String newest) {
        public Table {
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(name, "name");
            timeColumn = timeColumn == null ? "" : timeColumn;
            newest = newest == null ? "" : newest;
            if (rows < 0) {
                throw new IllegalArgumentException("rows of " + schema + "." + name + " must not be negative: " + rows);
            }
        }

        /** schema.name, or just the name for the public schema. */
        public String qualified() {
            return "public".equals(schema) ? name : schema + "." + name;
        }
    }

    public Manifest {
        tables = List.copyOf(tables);
        timescaledb = timescaledb == null ? "" : timescaledb;
    }

    /** The manifest that belongs to a dump: {@code x.dump} -> {@code x.json}, any other name -> name + ".json". */
    public static Path pathFor(Path dump) {
        String n = dump.getFileName().toString();
        return dump.resolveSibling(n.endsWith(".dump") ? n.substring(0, n.length() - ".dump".length()) + ".json" : n + ".json");
    }

    public long totalRows() {
        return tables.stream().mapToLong(Table::rows).sum();
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("createdAt", createdAt);
        m.put("project", project);
        m.put("database", database);
        Map<String, Object> dump = new LinkedHashMap<>();
        dump.put("file", file);
        dump.put("format", "pg_dump custom (-Fc)");
        dump.put("sizeBytes", sizeBytes);
        dump.put("sha256", sha256);
        m.put("dump", dump);
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("postgresql", postgresql);
        versions.put("timescaledb", timescaledb);
        versions.put("pgDump", pgDump);
        versions.put("stackctl", stackctl);
        m.put("versions", versions);
        m.put("snapshot", snapshot);
        List<Map<String, Object>> ts = new ArrayList<>();
        for (Table t : tables) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("schema", t.schema());
            row.put("table", t.name());
            row.put("rows", t.rows());
            if (!t.timeColumn().isEmpty()) {
                row.put("timeColumn", t.timeColumn());
                row.put("newest", t.newest().isEmpty() ? null : t.newest());
            }
            ts.add(row);
        }
        m.put("tables", ts);
        try {
            return JSON.writeValueAsString(m) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the manifest: " + e.getMessage(), e);
        }
    }

    /** Reads a manifest; an {@link IllegalArgumentException} names the field that is missing or wrong. */
    public static Manifest parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException("format: expected " + FORMAT + ", found '" + root.path("format").asText() + "'");
        }
        JsonNode dump = root.path("dump");
        String sha = text(dump, "dump.sha256");
        if (!SHA256.matcher(sha).matches()) {
            throw new IllegalArgumentException("dump.sha256: expected 64 lower-case hex digits, found '" + sha + "'");
        }
        JsonNode size = dump.path("sizeBytes");
        if (!size.canConvertToLong() || size.asLong() <= 0) {
            throw new IllegalArgumentException("dump.sizeBytes: expected a positive number, found '" + size + "'");
        }
        JsonNode v = root.path("versions");
        List<Table> tables = new ArrayList<>();
        JsonNode ts = root.path("tables");
        if (!ts.isArray()) {
            throw new IllegalArgumentException("tables: expected a list of tables");
        }
        for (int i = 0; i < ts.size(); i++) {
            JsonNode t = ts.get(i);
            JsonNode rows = t.path("rows");
            if (!rows.canConvertToLong() || rows.asLong() < 0) {
                throw new IllegalArgumentException("tables[" + i + "].rows: expected a count, found '" + rows + "'");
            }
            tables.add(new Table(text(t, "tables[" + i + "].schema"), text(t, "tables[" + i + "].table"), rows.asLong(),
                    t.path("timeColumn").asText(""), t.path("newest").isNull() ? "" : t.path("newest").asText("")));
        }
        return new Manifest(text(root, "createdAt"), root.path("project").asText(""), text(root, "database"), text(dump, "dump.file"),
                size.asLong(), sha, v.path("postgresql").asText(""), v.path("timescaledb").asText(""), v.path("pgDump").asText(""),
                v.path("stackctl").asText(""), root.path("snapshot").asText(""), tables);
    }

    private static String text(JsonNode parent, String path) {
        String field = path.substring(path.lastIndexOf('.') + 1);
        JsonNode n = parent.path(field);
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new IllegalArgumentException(path + ": missing");
        }
        return n.asText();
    }
}
