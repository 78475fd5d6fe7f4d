package dev.stackctl.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs an external program with an argument list (never a shell string), an explicit working directory
 * and environment additions, and a timeout. Output is captured; a line consumer may watch stdout live.
 */
public final class DockerProcess {

    /** Exit code and captured output of a finished program. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** The last lines of output (stdout then stderr), without JVM/Maven warning noise, for error messages. */
        public String tail(int lines) {
            List<String> all = (stdout.strip() + "\n" + stderr.strip()).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("WARNING: ")).toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
    }

    /** The program could not be started at all (not installed, not executable). */
    public static final class NotFound extends RuntimeException {
        public NotFound(String program, Throwable cause) {
            super(program + " could not be started: " + cause.getMessage(), cause);
        }
    }

    private DockerProcess() {}

    public static Result run(List<String> command, Path workDir, Map<String, String> env, Duration timeout) {
        return run(command, workDir, env, timeout, null);
    }

    public static Result run(List<String> command, Path workDir, Map<String, String> env, Duration timeout, Consumer<String> stdoutLines) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new NotFound(command.get(0), e);
        }
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // the child may already have exited
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread to = pump(p.getInputStream(), out, stdoutLines);
        Thread te = pump(p.getErrorStream(), err, null);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                to.join(2000);
                te.join(2000);
                return new Result(command, 124, out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8) + "\n(timed out after " + timeout.toSeconds() + " s)");
            }
            to.join();
            te.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
        return new Result(command, p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink, Consumer<String> lines) {
        Thread t = Thread.ofVirtual().start(() -> {
            try (in) {
                if (lines == null) {
                    in.transferTo(sink);
                    return;
                }
                StringBuilder line = new StringBuilder();
                int b;
                while ((b = in.read()) >= 0) {
                    sink.write(b);
                    if (b == '\n') {
                        lines.accept(line.toString());
                        line.setLength(0);
                    } else {
                        line.append((char) b);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return t;
    }
}
