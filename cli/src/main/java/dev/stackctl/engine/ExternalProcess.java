package dev.stackctl.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external program from an argument list (never a shell string) with an explicit working
 * directory, extra environment, and timeout. Output goes to files in a scratch directory so a
 * chatty program (mmdebstrap, docker build) can neither block on a full pipe nor fill the heap.
 */
public final class ExternalProcess {
    private static final int TAIL_LINES = 25;

    private final List<String> command;
    private final Path workingDir;
    private final Map<String, String> environment;
    private final Duration timeout;
    private Duration heartbeatEvery = Duration.ofSeconds(10);

    public ExternalProcess(List<String> command, Path workingDir, Map<String, String> environment, Duration timeout) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command: empty argument list");
        }
        this.command = List.copyOf(command);
        this.workingDir = Objects.requireNonNull(workingDir, "workingDir");
        this.environment = Map.copyOf(environment);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public List<String> command() {
        return command;
    }

    /** How often {@link Heartbeat#beat} is called (default 10 s). */
    public ExternalProcess heartbeatEvery(Duration interval) {
        this.heartbeatEvery = interval;
        return this;
    }

    /** The outcome of a finished run; {@link #stderrTail()} is what error messages quote. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr, Duration elapsed) {
        public boolean ok() {
            return exitCode == 0;
        }

        public String stderrTail() {
            return tail(stderr.isBlank() ? stdout : stderr);
        }

        /** One paragraph for an error message: program, exit code, and the tail of its output. */
        public String describeFailure() {
            return String.join(" ", command.subList(0, Math.min(2, command.size()))) + " exited with " + exitCode
                    + "; last output:\n" + stderrTail().indent(2).stripTrailing();
        }
    }

    /** The program could not be started at all (not installed, not executable). */
    public static final class NotStartedException extends IOException {
        public NotStartedException(String program, IOException cause) {
            super("cannot run " + program + ": " + cause.getMessage(), cause);
        }
    }

    /** The program ran longer than its timeout and was killed. */
    public static final class TimeoutException extends IOException {
        public TimeoutException(List<String> command, Duration timeout, String outputTail) {
            super(String.join(" ", command.subList(0, Math.min(2, command.size()))) + " did not finish within "
                    + String.format(java.util.Locale.ROOT, "%.1f", timeout.toMillis() / 1000.0) + " s and was stopped; last output:\n" + outputTail.indent(2).stripTrailing());
        }
    }

    public Result run() throws IOException {
        return run(null);
    }

    /**
     * Runs the program to completion.
     *
     * @param heartbeat called every {@link #heartbeatEvery} while the program runs; may be null
     */
    public Result run(Heartbeat heartbeat) throws IOException {
        Path scratch = Files.createTempDirectory("stackctl-exec-");
        Path out = scratch.resolve("stdout");
        Path err = scratch.resolve("stderr");
        long start = System.nanoTime();
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().putAll(environment);
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new NotStartedException(command.getFirst(), e);
            }
            long deadline = start + timeout.toNanos();
            try {
                while (!process.waitFor(heartbeat == null ? 200 : heartbeatEvery.toMillis(), TimeUnit.MILLISECONDS)) {
                    if (System.nanoTime() > deadline) {
                        process.descendants().forEach(ProcessHandle::destroyForcibly);
                        process.destroyForcibly();
                        process.waitFor(10, TimeUnit.SECONDS);
                        throw new TimeoutException(command, timeout, tail(read(err) + read(out)));
                    }
                    if (heartbeat != null) {
                        heartbeat.beat((System.nanoTime() - start) / 1_000_000, lastLine(err, out));
                    }
                }
            } catch (InterruptedException e) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + command.getFirst(), e);
            }
            return new Result(command, process.exitValue(), read(out), read(err), Duration.ofNanos(System.nanoTime() - start));
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
            deleteQuietly(scratch);
        }
    }

    /** Progress of a running program: elapsed time and its latest line of output. */
    @FunctionalInterface
    public interface Heartbeat {
        void beat(long elapsedMillis, String lastOutputLine);
    }

    /** The last non-blank line written so far to stderr, else stdout (reads only the files' ends). */
    static String lastLine(Path... files) {
        for (Path f : files) {
            try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(f.toFile(), "r")) {
                long len = raf.length();
                int n = (int) Math.min(len, 4096);
                byte[] buf = new byte[n];
                raf.seek(len - n);
                raf.readFully(buf);
                List<String> lines = new String(buf, StandardCharsets.UTF_8).lines().map(String::strip)
                        .filter(l -> !l.isEmpty()).toList();
                if (!lines.isEmpty()) {
                    String last = lines.getLast();
                    return last.length() > 120 ? last.substring(0, 117) + "..." : last;
                }
            } catch (IOException e) {
                // no output yet
            }
        }
        return "";
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String read(Path file) {
        try {
            // decoding with replacement: build logs may hold bytes that are not UTF-8
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(String text) {
        // JVM deprecation warnings (Maven on JDK 25) say nothing about why a program failed.
        List<String> lines = new ArrayList<>(text.strip().lines().filter(l -> !l.startsWith("WARNING: ")).toList());
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover scratch file in the temp directory is harmless
        }
    }
}
