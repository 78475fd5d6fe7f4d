package dev.stackctl.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.stackctl.compose.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Never a crash: thousands of mutations of real compose files (every file under src/test/resources that
 * is one) go through reading, every rule and every report. Not one may throw, produce an
 * {@code internal-error} finding or take more than 2 s of CPU time. The seed is fixed so a failure repeats;
 * {@code -Dfuzz.seed=N -Dfuzz.cases=N} explores further.
 */
class FuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261206L);
    private static final int CASES = Integer.getInteger("fuzz.cases", 6000);
    /**
     * The bound per case is on the CPU time of the test's thread (the work stackctl does: a loop or an
     * alias expansion shows there), not on wall time, which on a shared machine also counts the time other
     * processes had the cores (a case took 2.05-2.18 s of wall time at load 15). A wall-time bound five
     * times as large still catches waiting.
     */
    private static final long MAX_NANOS_PER_FILE = 2_000_000_000L;
    private static final long MAX_WALL_NANOS_PER_FILE = 10_000_000_000L;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    /** The slowest case of each kind, for target/fuzz-times.txt: CPU and wall nanoseconds. */
    private static final long[] SLOWEST = new long[4];

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static void within(long cpuStart, long wallStart, int kind, String what) {
        long cpu = cpu() - cpuStart;
        long wall = System.nanoTime() - wallStart;
        synchronized (SLOWEST) {
            SLOWEST[kind * 2] = Math.max(SLOWEST[kind * 2], cpu);
            SLOWEST[kind * 2 + 1] = Math.max(SLOWEST[kind * 2 + 1], wall);
        }
        if (cpu > MAX_NANOS_PER_FILE || wall > MAX_WALL_NANOS_PER_FILE) {
            fail("%s took %d ms of CPU, %d ms of wall time (bounds %d and %d ms)", what, cpu / 1_000_000, wall / 1_000_000,
                    MAX_NANOS_PER_FILE / 1_000_000, MAX_WALL_NANOS_PER_FILE / 1_000_000);
        }
    }

    @org.junit.jupiter.api.AfterAll
    static void writeTimes() throws IOException {
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/fuzz-times.txt"), String.format("slowest file case: %d ms CPU, %d ms wall; slowest project case: %d ms CPU,"
                + " %d ms wall; load %s%n", SLOWEST[0] / 1_000_000, SLOWEST[1] / 1_000_000, SLOWEST[2] / 1_000_000, SLOWEST[3] / 1_000_000,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()), StandardCharsets.UTF_8);
    }

    private static final String[] ODD_VALUES = {
        "[]", "{}", "~", "null", "\"\"", "[null]", "{a: {b: c}}", "[[a]]", "*undefined", "&x [*x]", "!reset", "!reset []",
        "!override {}", "!!binary aGk=", "!!int x", "-1", "0", "99999999999999999999", "1e400", "0x1F", ".inf", "-.nan", "\"${\"",
        "\"${A:-${B:-${C}}}\"", "$", "$$", "\"$${X}\"", "\"\\u0000\"", "'a''b'", "\"\\t\"", "true", "yes", "2001-12-14", ":", "- -",
        "[a, {b: [c, {d: e}]}]", "<<: *x", "\"8080-8090:80-90/sctp\"", "\"[::1]:80:80\"", "\"127.0.0.1::80\"", "\"a:b:c:d\"",
        "{test: [CMD]}", "{test: []}", "{condition: x}", "{path: null}", "[{}]", "[{source: null}]", "{limits: {memory: []}}",
        "\"x:${\"", "\"${:-}\"", "\"${A?}\"", "\"//\"", "/data", "\"./a:/b:ro,z\"", "\"a:/b:rw:extra\"", "\"0\"", "\"-\"",
    };

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources"))) {
            return files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void mutatedFilesNeverCrashNeverHangAndNeverReportAnInternalError() throws IOException {
        List<String> files = new ArrayList<>();
        for (Path p : corpus().toList()) {
            files.add(Files.readString(p, StandardCharsets.UTF_8));
        }
        assertThat(files).as("the corpus").hasSizeGreaterThan(20);
        Random random = new Random(SEED);
        Validator validator = Validator.standard();
        int checked = 0;
        for (int i = 0; i < CASES; i++) {
            String input = files.get(random.nextInt(files.size()));
            int rounds = 1 + random.nextInt(3);
            for (int k = 0; k < rounds; k++) {
                input = mutate(input, random);
            }
            check(validator, input, i);
            checked++;
        }
        assertThat(checked).isEqualTo(CASES);
    }

    /**
     * The same for projects read from disk: every file of the multi-file corpus projects (includes, extends
     * of other files, env files) mutated in a copy of its directory, then loaded and checked as a project.
     */
    @Test
    void mutatedProjectsOnDiskNeverCrash(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path projects = CorpusTest.CORPUS.resolve("projects");
        List<Path> dirs;
        try (Stream<Path> s = Files.list(projects)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        Random random = new Random(SEED);
        Validator validator = Validator.standard();
        for (int i = 0; i < CASES / 10; i++) {
            Path src = dirs.get(random.nextInt(dirs.size()));
            Path dst = tmp.resolve("case" + i);
            List<Path> files;
            try (Stream<Path> s = Files.walk(src)) {
                files = s.filter(Files::isRegularFile).toList();
            }
            for (Path f : files) {
                Path to = dst.resolve(src.relativize(f).toString());
                Files.createDirectories(to.getParent());
                String text = Files.readString(f, StandardCharsets.UTF_8);
                Files.writeString(to, f.toString().endsWith(".yml") && random.nextInt(3) > 0 ? mutate(text, random) : text, StandardCharsets.UTF_8);
            }
            int caseNo = i;
            long start = System.nanoTime();
            long cpuStart = cpu();
            try {
                dev.stackctl.compose.ProjectLoader.Project p = dev.stackctl.compose.ProjectLoader.load(List.of(dst.resolve("compose.yml")),
                        dev.stackctl.compose.ProjectLoader.Options.none());
                for (Finding f : validator.validate(p.read(), RuleContext.defaults())) {
                    if (f.ruleId().equals(Problem.INTERNAL_ERROR)) fail("project case %d (seed %d): %s", caseNo, SEED, f);
                }
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("project case " + caseNo + " (seed " + SEED + ") threw " + e + " in " + dst, e);
            }
            within(cpuStart, start, 1, "project case " + caseNo + " (seed " + SEED + ") in " + dst);
        }
    }

    @Test
    void hostileFilesAreFindingsToo() {
        Validator validator = Validator.standard();
        List<String> hostile = List.of(
                "[".repeat(20_000),
                "a:\n" + "  ".repeat(1) + ("- ".repeat(5_000)) + "x\n",
                "services:\n  a: &a\n    image: x:1\n    labels: *a\n",
                "x".repeat(2_000_000), "x".repeat(1_000_000),
                "services:\n  a:\n    image: \"" + "y".repeat(1_000_000) + "\"\n",
                "\u0000\u0001\u0002garbage\uFFFF",
                "--- a\n--- b\n",
                "services: !!set {a, b}\n",
                "? [a, b]\n: c\nservices: {}\n");
        for (int i = 0; i < hostile.size(); i++) {
            check(validator, hostile.get(i), -1 - i);
        }
    }

    private static void check(Validator validator, String input, int caseNo) {
        long start = System.nanoTime();
        long cpuStart = cpu();
        List<Finding> findings;
        try {
            findings = validator.validateFile(input, RuleContext.defaults());
            FindingsReport.text("fuzz", findings, validator.rules());
            FindingsReport.json("fuzz", findings);
            FindingsReport.junit("fuzz", findings, validator.rules(), true);
        } catch (Throwable t) {
            throw new AssertionError("case " + caseNo + " (seed " + SEED + ") threw " + t + " on:\n" + clip(input), t);
        }
        within(cpuStart, start, 0, "case " + caseNo + " (seed " + SEED + ") on:\n" + clip(input));
        for (Finding f : findings) {
            if (f.ruleId().equals(Problem.INTERNAL_ERROR)) {
                fail("case %d (seed %d): %s on:%n%s", caseNo, SEED, f, clip(input));
            }
            assertThat(f.at()).as("position of %s", f).isNotNull();
        }
    }

    private static String clip(String s) {
        return s.length() > 3000 ? s.substring(0, 3000) + "...(" + s.length() + " chars)" : s;
    }

    static String mutate(String text, Random random) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int line = random.nextInt(lines.size());
        switch (random.nextInt(9)) {
            case 0 -> lines.remove(line);
            case 1 -> lines.add(line, lines.get(line));
            case 2 -> {
                String l = lines.get(line);
                int colon = l.indexOf(": ");
                String odd = ODD_VALUES[random.nextInt(ODD_VALUES.length)];
                lines.set(line, colon < 0 ? l.replaceFirst("- .*", java.util.regex.Matcher.quoteReplacement("- " + odd)) : l.substring(0, colon + 2) + odd);
            }
            case 3 -> lines.set(line, random.nextBoolean() ? "  " + lines.get(line) : lines.get(line).replaceFirst("^  ", ""));
            case 4 -> {
                return text.substring(0, random.nextInt(text.length() + 1));
            }
            case 5 -> {
                StringBuilder sb = new StringBuilder(text);
                int at = random.nextInt(sb.length() + 1);
                for (int n = random.nextInt(8); n >= 0; n--) {
                    sb.insert(at, (char) random.nextInt(random.nextBoolean() ? 128 : 0x3000));
                }
                return sb.toString();
            }
            case 6 -> lines.add(0, "x-bomb: &b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
                    + "x-b1: &b1 [*b0, *b0, *b0, *b0, *b0, *b0, *b0, *b0, *b0]\n"
                    + "x-b2: &b2 [*b1, *b1, *b1, *b1, *b1, *b1, *b1, *b1, *b1]\n"
                    + "x-b3: &b3 [*b2, *b2, *b2, *b2, *b2, *b2, *b2, *b2, *b2]\n"
                    + "x-b4: &b4 [*b3, *b3, *b3, *b3, *b3, *b3, *b3, *b3, *b3]\n"
                    + "x-b5: [*b4, *b4, *b4, *b4, *b4, *b4, *b4, *b4, *b4]");
            case 7 -> {
                String l = lines.get(line);
                String indent = l.replaceFirst("^(\\s*).*", "$1");
                String key = List.of("image", "build", "ports", "volumes", "environment", "depends_on", "healthcheck", "deploy",
                        "networks", "secrets", "configs", "extends", "include", "profiles", "command", "labels").get(random.nextInt(16));
                lines.add(line, indent + key + ": " + ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
            }
            default -> lines.set(line, lines.get(line).replace(' ', '\t'));
        }
        return String.join("\n", lines);
    }
}
