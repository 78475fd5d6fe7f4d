package dev.stackctl.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsFileTest {

    @Test
    void createsRandomSecretsWithMode600(@TempDir Path dir) throws IOException {
        Path env = dir.resolve(".env");
        assertThat(SecretsFile.ensure(env, List.of("POSTGRES_PASSWORD", "REDIS_PASSWORD"))).containsExactly("POSTGRES_PASSWORD", "REDIS_PASSWORD");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env))).isEqualTo("rw-------");
        Map<String, String> values = SecretsFile.read(env);
        assertThat(values.get("POSTGRES_PASSWORD")).hasSize(48).isNotEqualTo(values.get("REDIS_PASSWORD"));
    }

    @Test
    void neverOverwritesAValueAndAppendsOnlyWhatIsMissing(@TempDir Path dir) throws IOException {
        Path env = dir.resolve(".env");
        Files.writeString(env, "# mine\nPOSTGRES_PASSWORD='chosen by me'\nOTHER=1");
        assertThat(SecretsFile.ensure(env, List.of("POSTGRES_PASSWORD", "REDIS_PASSWORD"))).containsExactly("REDIS_PASSWORD");
        assertThat(SecretsFile.read(env)).containsEntry("POSTGRES_PASSWORD", "chosen by me").containsEntry("OTHER", "1").containsKey("REDIS_PASSWORD");
        assertThat(Files.readString(env)).startsWith("# mine\n");
        assertThat(SecretsFile.ensure(env, List.of("POSTGRES_PASSWORD", "REDIS_PASSWORD"))).isEmpty();
    }
}
