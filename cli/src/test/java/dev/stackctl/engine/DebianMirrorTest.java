package dev.stackctl.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebianMirrorTest {
    @TempDir
    Path apt;

    @Test
    void deb822SourcesWin() throws IOException {
        Files.createDirectories(apt.resolve("sources.list.d"));
        Files.writeString(apt.resolve("sources.list.d/debian.sources"),
                "Types: deb\n# comment\nURIs: http://archive.internal/debian http://second/debian\nSuites: bookworm\n");
        Files.writeString(apt.resolve("sources.list"), "deb http://other/debian bookworm main\n");
        assertThat(DebianMirror.resolve(null, apt)).isEqualTo("http://archive.internal/debian");
    }

    @Test
    void oneLineSourcesListWithOptions() throws IOException {
        Files.writeString(apt.resolve("sources.list"),
                "# deb http://commented/debian x main\ndeb-src http://src/debian x main\n"
                        + "deb [arch=amd64 signed-by=/k.gpg] https://mirror.corp/debian bookworm main\n");
        assertThat(DebianMirror.resolve(null, apt)).isEqualTo("https://mirror.corp/debian");
    }

    @Test
    void explicitMirrorOverridesAndIsValidated() throws IOException {
        Files.writeString(apt.resolve("sources.list"), "deb http://other/debian bookworm main\n");
        assertThat(DebianMirror.resolve("http://given/debian", apt)).isEqualTo("http://given/debian");
        assertThatThrownBy(() -> DebianMirror.resolve("ftp.debian.org", apt))
                .hasMessageStartingWith("--mirror: 'ftp.debian.org' is not an http(s) URL")
                .hasMessageContaining("pass e.g. --mirror http://");
    }

    @Test
    void noMirrorAnywhereSaysWhatToDo() {
        assertThatThrownBy(() -> DebianMirror.resolve(null, apt))
                .hasMessageContaining("no Debian mirror found")
                .hasMessageContaining("pass one with --mirror URL");
    }
}
