package dev.stackctl.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.TestProject;
import dev.stackctl.text.UnifiedDiff;
import dev.stackctl.stack.StackOptions;
import dev.stackctl.stack.StockTrackerStack;
import dev.stackctl.stack.SwarmStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden files of everything {@code generate} renders, for the default options and a variant. Regenerate
 * after an intended change with {@code ./mvnw -pl cli test -Dtest=GoldenFilesTest -Dgolden.update=true}
 * and review the diff.
 */
class GoldenFilesTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    static Map<String, String> render(String variant) {
        if (variant.equals("swarm")) {
            return new Generator(TestProject.layout()).render(SwarmStack.definition());
        }
        StackOptions options = switch (variant) {
            case "default" -> StackOptions.DEFAULTS;
            case "published-databases" -> StackOptions.DEFAULTS.withPublishDatabases(true).withFrontendPort(8080).withBackendPort(18000);
            case "scaled" -> StackOptions.DEFAULTS.withTopology(dev.stackctl.stack.Topology.SCALED, 3);
            default -> throw new IllegalArgumentException(variant);
        };
        return new Generator(TestProject.layout()).render(StockTrackerStack.definition(options));
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "published-databases", "scaled", "swarm"})
    void renderedFilesMatchTheGoldenCopies(String variant) throws IOException {
        Map<String, String> files = render(variant);
        Path dir = GOLDEN.resolve(variant);
        if (Boolean.getBoolean("golden.update")) {
            new Generator(TestProject.layout()).write(files, dir);
        }
        if (variant.equals("swarm")) {
            assertThat(files).containsOnlyKeys("stack.yml", "nginx.conf", ".env.example");
        } else {
            assertThat(files).containsOnlyKeys("docker-compose.yml", "nginx.conf", ".env.example", "airgap.env");
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path golden = dir.resolve(f.getKey());
            assertThat(golden).as("golden file %s (run with -Dgolden.update=true to create it)", golden).exists();
            String expected = Files.readString(golden, StandardCharsets.UTF_8);
            assertThat(f.getValue()).as("%s differs from its golden copy:%n%s", golden,
                    UnifiedDiff.diff("golden", expected, "rendered", f.getValue())).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "published-databases", "scaled", "swarm"})
    void anotherJvmRendersTheSameBytes(String variant) throws Exception {
        // Rendering twice in one JVM would hide order that depends on identity hash codes (e.g. a HashMap
        // keyed by enums), which differ from one JVM run to the next: render in a fresh JVM instead.
        Path dir = Files.createTempDirectory("stackctl-golden");
        try {
            java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                    "-Dstackctl.root=" + TestProject.root(), "dev.stackctl.command.Main", "generate", "-o", dir.toString()));
            if (variant.equals("scaled")) {
                cmd.addAll(java.util.List.of("--topology", "scaled"));
            }
            if (variant.equals("swarm")) {
                cmd.addAll(java.util.List.of("--target", "swarm"));
            }
            if (variant.equals("published-databases")) {
                cmd.addAll(java.util.List.of("--publish-databases", "--frontend-port", "8080", "--backend-port", "18000"));
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("generate finished").isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            // generate -o puts the scaled topology in scaled/, the swarm stack in swarm/
            Path out = variant.equals("scaled") ? dir.resolve("scaled") : variant.equals("swarm") ? dir.resolve("swarm") : dir;
            for (Map.Entry<String, String> f : render(variant).entrySet()) {
                assertThat(Files.readString(out.resolve(f.getKey()), StandardCharsets.UTF_8)).as(f.getKey()).isEqualTo(f.getValue());
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void committedGeneratedDirectoryIsInSyncWithTheModel() throws IOException {
        Generator g = new Generator(TestProject.layout());
        for (dev.stackctl.stack.Topology t : dev.stackctl.stack.Topology.values()) {
            var definition = StockTrackerStack.definition(StackOptions.DEFAULTS.withTopology(t, StackOptions.DEFAULT_REPLICAS));
            String drift = g.drift(g.render(definition), TestProject.layout().generated(definition));
            assertThat(drift).as("generated/ is stale for the %s topology; run ./stackctl generate", t.wire()).isEmpty();
        }
        var swarm = SwarmStack.definition();
        assertThat(g.drift(g.render(swarm), TestProject.layout().generated(swarm))).as("generated/swarm/ is stale; run ./stackctl generate").isEmpty();
    }
}
