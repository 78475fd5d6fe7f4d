package dev.stackctl.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.model.Service;
import dev.stackctl.model.Ulimit;
import dev.stackctl.compose.ComposeReader;
import dev.stackctl.compose.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** cap_add, cap_drop, pids limits and ulimits: read in every form the spec allows, written back, bad values found at their paths. */
class HardeningFieldsTest {
    static final String FILE = """
            services:
              db:
                image: db:1.0
                deploy:
                  resources:
                    limits:
                      memory: 1G
                      pids: 256
                ulimits:
                  nofile:
                    soft: 4096
                    hard: 8192
                read_only: true
                cap_drop: [ALL]
                cap_add: [CHOWN, SETUID]
                security_opt:
                  - no-new-privileges:true
            """;

    @Test
    void readThenWrittenIsTheSameFile() {
        ComposeReader.Result read = ComposeReader.read(FILE);
        assertThat(read.problems()).isEmpty();
        Service db = read.stack().service("db").orElseThrow();
        assertThat(db.security().pidsLimit()).isEqualTo(256L);
        assertThat(db.security().capDrop()).containsExactly("ALL");
        assertThat(db.security().capAdd()).containsExactly("CHOWN", "SETUID");
        assertThat(db.security().ulimits()).containsExactly(new Ulimit("nofile", 4096, 8192));
        assertThat(db.security().noNewPrivileges()).isTrue();
        assertThat(new ComposeWriter("").write(read.stack())).isEqualTo(FILE);
    }

    @Test
    void theShortFormsMeanTheSame() {
        ComposeReader.Result read = ComposeReader.read("""
                services:
                  db:
                    image: db:1.0
                    pids_limit: 64
                    ulimits:
                      nproc: 512
                """);
        assertThat(read.problems()).isEmpty();
        Service db = read.stack().service("db").orElseThrow();
        assertThat(db.security().pidsLimit()).isEqualTo(64L);
        assertThat(db.security().ulimits()).containsExactly(Ulimit.of("nproc", 512));
    }

    @Test
    void badValuesAreFindingsAtTheirPaths() {
        ComposeReader.Result read = ComposeReader.read("""
                services:
                  db:
                    image: db:1.0
                    pids_limit: 0
                    cap_add: [chown!]
                    ulimits:
                      nofile: {soft: 9, hard: 3}
                      files: 10
                """);
        assertThat(read.problems()).extracting(Problem::path).containsExactlyInAnyOrder(
                "services.db.pids_limit", "services.db.cap_add", "services.db.ulimits.nofile", "services.db.ulimits.files");
        assertThat(read.problems()).extracting(Problem::message).anySatisfy(m -> assertThat(m).contains("soft 9 exceeds hard 3"));
        assertThat(read.stack().service("db")).isPresent();
        assertThat(List.of(read.stack().service("db").get().security().capAdd())).containsExactly(List.of());
    }
}
