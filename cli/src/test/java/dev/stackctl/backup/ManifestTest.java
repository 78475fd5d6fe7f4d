package dev.stackctl.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestTest {
    static final String SHA = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    static Manifest sample() {
        return new Manifest("2026-12-07T06:00:00Z", "stock-tracker", "stocks", "stocks-20261207T060000Z.dump", 3, SHA,
                "17.12 (Debian 17.12-0+deb13u1)", "2.19.3", "pg_dump (PostgreSQL) 17.12", "dev", "00000003-00000002-1",
                List.of(new Manifest.Table("public", "flyway_schema_history", 7, "", ""),
                        new Manifest.Table("public", "ticks", 1_000_000, "ts", "2026-12-07T05:59:59.5Z"),
                        new Manifest.Table("public", "alerts", 0, "ts", ""),
                        new Manifest.Table("audit", "log", 2, "", "")));
    }

    @Test
    void writtenAndReadBackIsTheSame() {
        Manifest m = sample();
        String json = m.toJson();
        assertThat(Manifest.parse(json)).isEqualTo(m);
        assertThat(json).contains("\"format\" : \"stackctl-backup/1\"", "\"sha256\" : \"" + SHA + "\"", "\"rows\" : 1000000",
                "\"newest\" : \"2026-12-07T05:59:59.5Z\"", "\"newest\" : null", "\"timescaledb\" : \"2.19.3\"");
        // plain tables carry no time column at all
        assertThat(json.substring(json.indexOf("flyway_schema_history"), json.indexOf("\"ticks\""))).doesNotContain("timeColumn");
        assertThat(m.totalRows()).isEqualTo(1_000_009);
        assertThat(m.tables().get(3).qualified()).isEqualTo("audit.log");
        assertThat(m.tables().get(1).qualified()).isEqualTo("ticks");
    }

    @Test
    void theManifestLiesBesideItsDump() {
        assertThat(Manifest.pathFor(Path.of("backups/stocks-1.dump"))).isEqualTo(Path.of("backups/stocks-1.json"));
        assertThat(Manifest.pathFor(Path.of("/x/copy.bin"))).isEqualTo(Path.of("/x/copy.bin.json"));
    }

    @Test
    void aDamagedManifestNamesTheField() {
        String good = sample().toJson();
        assertThatThrownBy(() -> Manifest.parse(good.replace(SHA, "abc"))).hasMessageStartingWith("dump.sha256: expected 64 lower-case hex digits");
        assertThatThrownBy(() -> Manifest.parse(good.replace("\"sizeBytes\" : 3", "\"sizeBytes\" : -3"))).hasMessageStartingWith("dump.sizeBytes:");
        assertThatThrownBy(() -> Manifest.parse(good.replace("\"rows\" : 7", "\"rows\" : \"many\""))).hasMessageStartingWith("tables[0].rows:");
        assertThatThrownBy(() -> Manifest.parse(good.replace("stackctl-backup/1", "other/9"))).hasMessageStartingWith("format: expected stackctl-backup/1");
        assertThatThrownBy(() -> Manifest.parse(good.replace("\"database\" : \"stocks\",", ""))).hasMessage("database: missing");
        assertThatThrownBy(() -> Manifest.parse(good.substring(0, good.length() / 2))).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> Manifest.parse("[]")).hasMessage("not a JSON object");
    }
}
