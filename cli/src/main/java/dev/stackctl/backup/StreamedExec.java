package dev.stackctl.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A {@code docker exec} whose data is streamed to or from a file on the host: a dump comes out on
 * stdout straight into a file (the JVM never holds it), a dump goes in on stdin. Progress (bytes and
 * rate) is printed on stderr every few seconds; stderr of the program is kept for error messages.
 */
final class StreamedExec {
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(3);

    /** What the program did: exit code, its stderr, bytes moved, time taken. */
    record Outcome(int exitCode, String stderr, long bytes, Duration elapsed, boolean inputBroken) {}

    private StreamedExec() {}

    /** Runs {@code command} with stdout into {@code out}; {@code what} names the work in progress lines. */
    static Outcome toFile(List<String> command, Path out, Duration timeout, String what, PrintWriter progress) throws IOException {
        return toFile(command, out, timeout, what, progress, PROGRESS_EVERY);
    }

    /** {@link #toFile(List, Path, Duration, String, PrintWriter)} with a progress line every {@code every}. */
    static Outcome toFile(List<String> command, Path out, Duration timeout, String what, PrintWriter progress, Duration every) throws IOException {
        Path err = Files.createTempFile("stackctl-exec-", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            long start = System.nanoTime();
            long deadline = start + timeout.toNanos();
            long next = start + every.toNanos();
            while (!waitFor(p, 200)) {
                long now = System.nanoTime();
                if (now > deadline) {
                    p.destroyForcibly();
                    waitFor(p, 10_000);
                    return new Outcome(124, read(err) + "\n(stopped after " + timeout.toSeconds() + " s)", Files.size(out),
                            Duration.ofNanos(now - start), false);
                }
                if (now > next) {
                    report(progress, what, Files.size(out), -1, now - start);
                    next = now + every.toNanos();
                }
            }
            return new Outcome(p.exitValue(), read(err), Files.size(out), Duration.ofNanos(System.nanoTime() - start), false);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** Runs {@code command} with {@code in} on its stdin; stdout and stderr are kept together. */
    static Outcome fromFile(List<String> command, Path in, Duration timeout, String what, PrintWriter progress) throws IOException {
        return fromFile(command, in, timeout, what, progress, PROGRESS_EVERY);
    }

    /** {@link #fromFile(List, Path, Duration, String, PrintWriter)} with a progress line every {@code every}. */
    static Outcome fromFile(List<String> command, Path in, Duration timeout, String what, PrintWriter progress, Duration every) throws IOException {
        Path err = Files.createTempFile("stackctl-exec-", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(err.toFile()).start();
            long total = Files.size(in);
            long start = System.nanoTime();
            long deadline = start + timeout.toNanos();
            long next = start + every.toNanos();
            long sent = 0;
            boolean broken = false;
            byte[] buf = new byte[1 << 16];
            try (InputStream src = Files.newInputStream(in); OutputStream dst = p.getOutputStream()) {
                for (int n; (n = src.read(buf)) > 0; ) {
                    dst.write(buf, 0, n);
                    sent += n;
                    long now = System.nanoTime();
                    if (now > deadline) {
                        p.destroyForcibly();
                        break;
                    }
                    if (now > next) {
                        report(progress, what, sent, total, now - start);
                        next = now + every.toNanos();
                    }
                }
            } catch (IOException e) {
                // the program stopped reading (it failed, or it needs no more: pg_restore --list); its exit code says which
                broken = true;
            }
            long remaining = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            if (!waitFor(p, remaining)) {
                p.destroyForcibly();
                waitFor(p, 10_000);
                return new Outcome(124, read(err) + "\n(stopped after " + timeout.toSeconds() + " s)", sent, Duration.ofNanos(System.nanoTime() - start), broken);
            }
            return new Outcome(p.exitValue(), read(err), sent, Duration.ofNanos(System.nanoTime() - start), broken);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static void report(PrintWriter progress, String what, long bytes, long total, long nanos) {
        double seconds = nanos / 1e9;
        String of = total > 0 ? String.format(Locale.ROOT, " of %s (%d%%)", Units.bytes(total), bytes * 100 / total) : "";
        progress.printf(Locale.ROOT, "stackctl: %s: %s%s in %.0f s, %s/s%n", what, Units.bytes(bytes), of, seconds,
                Units.bytes((long) (bytes / Math.max(seconds, 0.001))));
        progress.flush();
    }

    private static boolean waitFor(Process p, long millis) {
        try {
            return p.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
