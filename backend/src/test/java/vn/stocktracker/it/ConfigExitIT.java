package vn.stocktracker.it;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged jar rejects bad configuration with one line per problem and exit code 2. */
class ConfigExitIT {

    @Test
    void badConfigurationExitsWithCodeTwoAndOneLinePerProblem() throws Exception {
        Path jar = Path.of("target", "backend.jar");
        assertThat(jar).as("run ./mvnw -pl backend package first").exists();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString());
        pb.environment().put("HTTP_PORT", "99999");
        pb.environment().put("SESSION_CLOCK", "sometimes");
        pb.environment().put("DATABASE_URL", "mysql://x");
        Path err = Files.createTempFile("backend-err", ".txt");
        pb.redirectError(err.toFile());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("backend: config: HTTP_PORT: 99999 is out of range"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("backend: config: SESSION_CLOCK: 'sometimes'"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("backend: config: DATABASE_URL: 'mysql://x'"));
        assertThat(String.join("\n", lines)).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
