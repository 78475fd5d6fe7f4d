package dev.stackctl.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackctl.compose.ProjectLoader;
import dev.stackctl.render.ComposeWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Read, write back, compare with compose: each corpus file (and each project of several files, env files
 * and profiles under {@code corpus/projects}, its compose arguments in {@code project.args}) is loaded by
 * {@link ProjectLoader}, the model is written out with {@link ComposeWriter} next to the original, and
 * {@code docker compose config --format json} of the original and of the written model are compared key
 * for key. Compose normalizes both sides the same way (short and long syntax, env files inlined, paths made
 * absolute), so every difference is something the model lost or changed, except the keys listed in
 * {@link #NOT_MODELLED}, which the model deliberately does not carry. What each file lost is written to
 * target/roundtrip-report.txt.
 */
class ComposeRoundTripIT {
    /**
     * Keys compose prints that the model does not carry, as patterns over flattened paths: the keys of list
     * items that the reader names with an unmodelled-key note but does not keep (a mount's bind/volume/tmpfs
     * options, a port's app_protocol and name). Every other key, modelled or kept as written, is compared.
     */
    static final List<Pattern> NOT_MODELLED = Stream.of(
            "services\\.[^.]+\\.volumes\\[\\d+]\\.(bind|volume|tmpfs|image|consistency)(\\..*)?",
            "services\\.[^.]+\\.ports\\[\\d+]\\.(app_protocol|name)").map(Pattern::compile).toList();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("src/test/resources/corpus");
    private static final Map<String, List<String>> REPORT = new TreeMap<>();

    /** Every accepted corpus file on its own, then every project directory with its arguments. */
    static Stream<String> projects() throws IOException {
        List<String> out = new ArrayList<>();
        CorpusTest.accepted().forEach(p -> out.add("accepted/" + p.getFileName()));
        try (Stream<Path> dirs = Files.list(CORPUS.resolve("projects"))) {
            dirs.filter(Files::isDirectory).sorted().forEach(d -> out.add("projects/" + d.getFileName()));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("projects")
    void theModelWrittenBackIsWhatComposeSees(String name) throws Exception {
        Path dir;
        List<String> args = new ArrayList<>();
        if (name.startsWith("projects/")) {
            dir = CORPUS.resolve(name).toAbsolutePath();
            args.addAll(List.of(Files.readString(dir.resolve("project.args")).strip().split("\\s+")));
        } else {
            Path file = CORPUS.resolve(name).toAbsolutePath();
            dir = file.getParent();
            args.addAll(List.of("-f", file.getFileName().toString()));
        }
        List<Path> files = new ArrayList<>();
        List<String> profiles = new ArrayList<>();
        List<Path> envFiles = new ArrayList<>();
        List<String> options = new ArrayList<>(); // what the written model is given too: env files and profiles
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("-f")) files.add(dir.resolve(args.get(++i)));
            else if (args.get(i).equals("--profile")) profiles.add(args.get(++i));
            else if (args.get(i).equals("--env-file")) envFiles.add(dir.resolve(args.get(++i)));
            else continue;
            if (!args.get(i - 1).equals("-f")) options.addAll(args.subList(i - 1, i + 1));
        }
        ProjectLoader.Project project = ProjectLoader.load(files, new ProjectLoader.Options(envFiles, profiles, Map.of()));
        assertThat(project.read().stack()).as("model of %s; problems %s", name, project.read().problems()).isNotNull();
        Path written = dir.resolve(".roundtrip-" + name.replaceAll("[^a-z0-9]+", "-") + ".yml");
        try {
            Files.writeString(written, new ComposeWriter("").write(project.read().stack()), StandardCharsets.UTF_8);
            List<String> writtenArgs = new ArrayList<>(List.of("-f", written.getFileName().toString()));
            writtenArgs.addAll(options);
            Map<String, String> expected = flatten(config(dir, args, Map.of()));
            // the model keeps ${VAR} as written; the variables the loader found (env files, an include's env_file) resolve it
            Map<String, String> actual = flatten(config(dir, writtenArgs, project.variables()));
            List<String> differences = differences(expected, actual);
            REPORT.put(name, differences);
            assertThat(differences).as("what the model of %s lost or changed (compose's value first)", name).isEmpty();
        } finally {
            Files.deleteIfExists(written);
        }
    }

    @AfterAll
    static void writeReport() throws IOException {
        StringBuilder sb = new StringBuilder("Round trip: docker compose config of each corpus project vs of its model written back\n");
        sb.append("Not modelled (not compared): ").append(NOT_MODELLED).append("\n\n");
        REPORT.forEach((name, diffs) -> sb.append(name).append(": ").append(diffs.isEmpty() ? "same" : diffs.size() + " differences")
                .append('\n').append(diffs.stream().map(d -> "  " + d + "\n").reduce("", String::concat)));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/roundtrip-report.txt"), sb.toString(), StandardCharsets.UTF_8);
    }

    static List<String> differences(Map<String, String> expected, Map<String, String> actual) {
        List<String> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String k : keys) {
            if (NOT_MODELLED.stream().anyMatch(p -> p.matcher(k).matches())) continue;
            String e = expected.getOrDefault(k, "(absent)");
            String a = actual.getOrDefault(k, "(absent)");
            if (!e.equals(a)) out.add(k + ": " + e + " vs " + a);
        }
        return out;
    }

    private static JsonNode config(Path dir, List<String> args, Map<String, String> environment) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker", "compose", "-p", "validate-roundtrip"));
        cmd.addAll(args);
        cmd.addAll(List.of("config", "--format", "json"));
        Path err = Files.createTempFile("roundtrip", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(err.toFile());
        pb.environment().putAll(environment);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("compose config finished").isTrue();
        String stderr = Files.readString(err);
        Files.delete(err);
        assertThat(p.exitValue()).as("exit code of %s in %s: %s", cmd, dir, stderr).isZero();
        return JSON.readTree(out);
    }

    /** Leaf paths to values: services.app.ports[0].target = 80; an empty mapping or list is a leaf too. */
    static Map<String, String> flatten(JsonNode root) {
        Map<String, String> out = new TreeMap<>();
        flatten(root, "", out);
        return out;
    }

    private static void flatten(JsonNode n, String path, Map<String, String> out) {
        if (n.isObject() && !n.isEmpty()) {
            n.fields().forEachRemaining(e -> flatten(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out));
        } else if (n.isArray() && !n.isEmpty()) {
            for (int i = 0; i < n.size(); i++) flatten(n.get(i), path + "[" + i + "]", out);
        } else {
            // an empty mapping and null mean the same to compose (a service network with no settings)
            out.put(path, n.isObject() ? "null" : n.toString());
        }
    }
}
