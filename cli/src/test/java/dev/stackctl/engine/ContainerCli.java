package dev.stackctl.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The docker CLI for integration tests: argument lists, bounded waits, and cleanup bookkeeping. */
final class ContainerCli implements AutoCloseable {
    private final List<String> containers = new ArrayList<>();
    private final List<String> volumes = new ArrayList<>();
    private final List<String> networks = new ArrayList<>();
    private final List<String> images = new ArrayList<>();

    ExternalProcess.Result docker(Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("docker");
        cmd.addAll(List.of(args));
        try {
            return new ExternalProcess(cmd, Path.of("").toAbsolutePath(), Map.of(), timeout).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ExternalProcess.Result docker(String... args) {
        return docker(Duration.ofSeconds(120), args);
    }

    /** Runs and requires exit code 0; returns stdout. */
    String ok(String... args) {
        ExternalProcess.Result r = docker(args);
        if (!r.ok()) {
            throw new AssertionError("docker " + String.join(" ", args) + " failed: " + r.describeFailure());
        }
        return r.stdout().strip();
    }

    String container(String name) {
        containers.add(name);
        return name;
    }

    String volume(String name) {
        volumes.add(name);
        return name;
    }

    String network(String name) {
        ok("network", "create", name);
        networks.add(name);
        return name;
    }

    String image(String name) {
        images.add(name);
        return name;
    }

    /** Polls {@code args} until the result satisfies {@code done}; fails with the last result after {@code limit}. */
    ExternalProcess.Result await(Duration limit, Predicate<ExternalProcess.Result> done, String... args) {
        long deadline = System.nanoTime() + limit.toNanos();
        ExternalProcess.Result last;
        do {
            last = docker(Duration.ofSeconds(30), args);
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not reached within " + limit.toSeconds() + " s: docker " + String.join(" ", args)
                + "; last: exit " + last.exitCode() + " " + last.stdout().strip() + " " + last.stderrTail());
    }

    String logs(String container) {
        ExternalProcess.Result r = docker("logs", container);
        return r.stdout() + r.stderr();
    }

    @Override
    public void close() {
        for (String c : containers) {
            docker("rm", "-f", "-v", c);
        }
        for (String v : volumes) {
            docker("volume", "rm", "-f", v);
        }
        for (String n : networks) {
            docker("network", "rm", n);
        }
        for (String i : images) {
            docker("image", "rm", "-f", i);
        }
    }
}
