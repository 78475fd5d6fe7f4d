package dev.stackctl;

import dev.stackctl.engine.ExternalProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What the end-to-end tests need from the host: a command run to completion, and a free port. */
public final class TestHost {
    private TestHost() {}

    /** Runs {@code command} in the working directory; a command that cannot start fails the test. */
    public static ExternalProcess.Result run(List<String> command, Duration timeout) {
        try {
            return new ExternalProcess(command, Path.of("").toAbsolutePath(), Map.of(), timeout).run();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        }
    }

    /** A TCP port free on this host right now (the engine binds it a moment later). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
