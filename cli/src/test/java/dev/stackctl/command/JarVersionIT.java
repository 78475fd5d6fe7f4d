package dev.stackctl.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackctl.TestHost;
import dev.stackctl.TestProject;
import dev.stackctl.engine.ExternalProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar that users run says which version it is: {@code -V} and the SARIF report's tool
 * version come from its manifest's Implementation-Version (the backup manifest reads it the same
 * way). Run on the packaged jar as a separate JVM, so a jar without that entry ("dev") fails.
 */
class JarVersionIT {
    private static final String VERSION = System.getProperty("stackctl.version", "");
    private static final Path JAR = Path.of(System.getProperty("stackctl.jar", "target/stackctl.jar"));

    @Test
    void theJarsManifestCarriesTheProjectVersion() throws Exception {
        assertThat(VERSION).as("failsafe passes the project version as stackctl.version").isNotBlank().isNotEqualTo("dev");
        assertThat(JAR).as("the packaged jar").exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Implementation-Version")).isEqualTo(VERSION);
        }
    }

    @Test
    void dashCapitalVPrintsTheProjectVersion() {
        ExternalProcess.Result r = jar("-V");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().strip()).isEqualTo("stackctl " + VERSION);
    }

    @Test
    void theSarifReportNamesTheProjectVersion() throws Exception {
        Path compose = TestProject.root().resolve("generated/docker-compose.yml");
        assertThat(compose).exists();
        ExternalProcess.Result r = jar("validate", "--output", "sarif", compose.toString());
        JsonNode sarif = new ObjectMapper().readTree(r.stdout());
        assertThat(sarif.path("runs").path(0).path("tool").path("driver").path("version").asText()).as(r.stdout() + r.stderr()).isEqualTo(VERSION);
    }

    private static ExternalProcess.Result jar(String... args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        assertThat(Files.isExecutable(java)).isTrue();
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-Dstackctl.root=" + TestProject.root(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return TestHost.run(command, Duration.ofSeconds(60));
    }
}
