package vn.stocktracker.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SecretFilesTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void everySecretCanComeFromAFileWithTheTrailingLineBreakDropped() throws Exception {
        Map<String, String> env = Map.of(
                "DATABASE_PASSWORD_FILE", file("db", "db pw with spaces\n").toString(),
                "REDIS_PASSWORD_FILE", file("redis", "r3d1s\r\n").toString(),
                "SSI_CONSUMER_ID_FILE", file("id", "consumer").toString(),
                "SSI_CONSUMER_SECRET_FILE", file("secret", "s3cret\n\n").toString(),
                "WS_TOKEN_FILE", file("token", "abcdefghijklmnop-123").toString(),
                "LOG_LEVEL", "warn");
        Map<String, String> out = SecretFiles.resolve(env);
        assertThat(out).containsEntry("DATABASE_PASSWORD", "db pw with spaces")
                .containsEntry("REDIS_PASSWORD", "r3d1s")
                .containsEntry("SSI_CONSUMER_ID", "consumer")
                .containsEntry("SSI_CONSUMER_SECRET", "s3cret")
                .containsEntry("WS_TOKEN", "abcdefghijklmnop-123")
                .containsEntry("LOG_LEVEL", "warn")
                .doesNotContainKeys("DATABASE_PASSWORD_FILE", "REDIS_PASSWORD_FILE", "WS_TOKEN_FILE");
        // an inner line break is part of the value
        assertThat(SecretFiles.resolve(Map.of("REDIS_PASSWORD_FILE", file("two", "a\nb\n").toString())))
                .containsEntry("REDIS_PASSWORD", "a\nb");
    }

    @Test
    void theConfigReadsPasswordsFromFiles() throws Exception {
        AppConfig c = ConfigLoader.load(Map.of(
                "DATABASE_PASSWORD_FILE", file("db", "from-file\n").toString(),
                "REDIS_PASSWORD_FILE", file("redis", "redis-from-file").toString(),
                "WS_TOKEN_FILE", file("token", "0123456789abcdefXYZ\n").toString()));
        assertThat(c.databasePassword()).isEqualTo("from-file");
        assertThat(c.redisPassword()).isEqualTo("redis-from-file");
        assertThat(c.wsToken()).isEqualTo("0123456789abcdefXYZ");
        // without files, nothing changes
        assertThat(ConfigLoader.load(Map.of("DATABASE_PASSWORD", "plain")).databasePassword()).isEqualTo("plain");
    }

    @Test
    void bothSetIsOneClearLineNamingTheVariable() throws Exception {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Map.of(
                "DATABASE_PASSWORD", "x", "DATABASE_PASSWORD_FILE", file("db", "y").toString())));
        assertThat(e.problems()).containsExactly("DATABASE_PASSWORD_FILE: both DATABASE_PASSWORD and "
                + "DATABASE_PASSWORD_FILE are set; set only one (DATABASE_PASSWORD_FILE names a file holding the value, "
                + "e.g. /run/secrets/database_password)");
    }

    @Test
    void unreadableFilesAreOneLineEachAndReportedWithTheOtherProblems() throws Exception {
        Path locked = file("locked", "0123456789abcdef-locked");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        boolean root = Files.isReadable(locked); // root reads it anyway
        Path empty = file("empty", "\n");
        Path big = file("big", "x".repeat((int) SecretFiles.MAX_BYTES + 1));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Map.of(
                "DATABASE_PASSWORD_FILE", dir.resolve("missing").toString(),
                "REDIS_PASSWORD_FILE", empty.toString(),
                "SSI_CONSUMER_SECRET_FILE", dir.toString(),
                "SSI_CONSUMER_ID_FILE", big.toString(),
                "WS_TOKEN_FILE", locked.toString(),
                "HTTP_PORT", "eighty")));
        List<String> p = e.problems();
        assertThat(p).allSatisfy(l -> assertThat(l).doesNotContain("\n").doesNotContain("Exception"));
        assertThat(p).contains("DATABASE_PASSWORD_FILE: cannot use " + dir.resolve("missing")
                + " (no such file); point DATABASE_PASSWORD_FILE at a readable file holding the value, or unset it");
        assertThat(p).anySatisfy(l -> assertThat(l).startsWith("REDIS_PASSWORD_FILE: cannot use " + empty + " (it is empty)"));
        assertThat(p).anySatisfy(l -> assertThat(l).startsWith("SSI_CONSUMER_SECRET_FILE: cannot use " + dir + " (it is a directory)"));
        assertThat(p).anySatisfy(l -> assertThat(l).startsWith("SSI_CONSUMER_ID_FILE: cannot use " + big + " (it is larger than 64 KiB"));
        assertThat(p).anySatisfy(l -> assertThat(l).startsWith("HTTP_PORT: 'eighty'"));
        if (root) {
            assertThat(p).hasSize(5);
            assertThat(ConfigLoader.load(Map.of("WS_TOKEN_FILE", file("t", "0123456789abcdef").toString())).wsToken())
                    .isEqualTo("0123456789abcdef");
        } else {
            assertThat(p).hasSize(6).anySatisfy(l -> assertThat(l).startsWith("WS_TOKEN_FILE: cannot use " + locked
                    + " (permission denied for this user"));
        }
    }

    @Test
    void aBlankFileVariableIsIgnoredAndRemoved() {
        Map<String, String> out = SecretFiles.resolve(Map.of("REDIS_PASSWORD_FILE", " ", "REDIS_PASSWORD", "p"));
        assertThat(out).containsEntry("REDIS_PASSWORD", "p").doesNotContainKey("REDIS_PASSWORD_FILE");
    }
}
