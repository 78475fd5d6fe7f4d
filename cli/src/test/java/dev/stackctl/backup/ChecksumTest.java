package dev.stackctl.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumTest {
    @TempDir
    Path dir;

    @Test
    void sha256OfAFileIsTheStandardOne() throws IOException {
        // FIPS 180-2's example: SHA-256("abc")
        Path f = Files.writeString(dir.resolve("abc"), "abc", StandardCharsets.US_ASCII);
        assertThat(Checksum.sha256(f)).isEqualTo(ManifestTest.SHA);
        assertThat(Checksum.sha256("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ManifestTest.SHA);
        // more than one read block
        byte[] big = new byte[3 * (1 << 20) + 17];
        new java.util.Random(7).nextBytes(big);
        Path b = Files.write(dir.resolve("big"), big);
        assertThat(Checksum.sha256(b)).isEqualTo(Checksum.sha256(big));
    }

    @Test
    void aTruncatedOrFlippedDumpDoesNotMatchItsManifest() throws IOException {
        byte[] data = new byte[4096];
        new java.util.Random(1).nextBytes(data);
        Path dump = Files.write(dir.resolve("d.dump"), data);
        Manifest m = withFile(data);
        assertThat(Checksum.mismatch(dump, m)).isNull();

        Files.write(dump, java.util.Arrays.copyOf(data, 2048));
        assertThat(Checksum.mismatch(dump, m)).contains("is 2048 bytes, its manifest says 4096: the file is truncated");

        byte[] flipped = data.clone();
        flipped[1000] ^= 0x01;
        Files.write(dump, flipped);
        assertThat(Checksum.mismatch(dump, m)).contains("the SHA-256 of", "its manifest says " + m.sha256(), "the file is corrupted");

        Files.write(dump, java.util.Arrays.copyOf(data, 5000));
        assertThat(Checksum.mismatch(dump, m)).contains("is not the one the manifest describes");
    }

    static Manifest withFile(byte[] data) {
        Manifest s = ManifestTest.sample();
        return new Manifest(s.createdAt(), s.project(), s.database(), "d.dump", data.length, Checksum.sha256(data), s.postgresql(),
                s.timescaledb(), s.pgDump(), s.stackctl(), s.snapshot(), s.tables());
    }
}
