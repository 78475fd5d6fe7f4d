package dev.stackctl.apt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReleaseFileTest {
    @Test
    void dateAndIndexChecksums() {
        ReleaseFile r = ReleaseFile.parse("""
                Origin: Debian
                Codename: trixie-security
                Date: Sat, 05 Dec 2026 03:33:30 UTC
                Valid-Until: Sat, 12 Dec 2026 03:33:30 UTC
                MD5Sum:
                 00000000000000000000000000000000 10 main/binary-amd64/Packages.xz
                SHA256:
                 aaaa000000000000000000000000000000000000000000000000000000000000 123 main/binary-amd64/Packages.xz
                 bbbb000000000000000000000000000000000000000000000000000000000000 456 main/binary-amd64/Release
                """, "x");
        assertThat(r.date()).isEqualTo(Instant.parse("2026-12-05T03:33:30Z"));
        assertThat(r.entry("main/binary-amd64/Packages.xz")).get()
                .isEqualTo(new ReleaseFile.Entry("aaaa000000000000000000000000000000000000000000000000000000000000", 123));
        assertThatThrownBy(() -> ReleaseFile.parse("Origin: Debian\n", "http://m/dists/x/Release"))
                .hasMessage("http://m/dists/x/Release: no Date field; is this a Debian Release file?");
    }
}
