package dev.stackctl.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.model.Stack;
import dev.stackctl.stack.StockTrackerStack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Real sockets: a port is taken by listening on it here. */
class HostPortsTest {
    private final Stack stack = StockTrackerStack.define();

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static ServerSocket listen(String ip, int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getByName(ip), port));
        return s;
    }

    @Test
    void freePortsAreNoConflict() throws IOException {
        Map<String, String> env = Map.of("FRONTEND_PORT", Integer.toString(freePort()), "BACKEND_PORT", Integer.toString(freePort()));
        assertThat(HostPorts.conflicts(stack, env, Set.of())).isEmpty();
    }

    @Test
    void aTakenPortIsReportedWithTheOptionThatMovesIt() throws IOException {
        int frontend = freePort();
        int backend = freePort();
        Map<String, String> env = Map.of("FRONTEND_PORT", Integer.toString(frontend), "BACKEND_PORT", Integer.toString(backend));
        try (ServerSocket taken = listen("127.0.0.1", backend)) {
            List<HostPorts.Conflict> conflicts = HostPorts.conflicts(stack, env, Set.of());
            assertThat(conflicts).singleElement().satisfies(c -> {
                assertThat(c.service()).isEqualTo("backend");
                assertThat(c.port()).isEqualTo(backend);
                assertThat(c.describe()).isEqualTo("host port " + backend + " (backend, 127.0.0.1) is already taken by another program");
                assertThat(c.fix()).startsWith("Choose another with --backend-port, or stop the program listening on it");
            });
        }
        try (ServerSocket taken = listen("0.0.0.0", frontend)) {
            assertThat(HostPorts.conflicts(stack, env, Set.of())).singleElement()
                    .satisfies(c -> assertThat(c.fix()).startsWith("Choose another with --frontend-port"));
        }
        assertThat(HostPorts.conflicts(stack, env, Set.of())).as("released again").isEmpty();
    }

    @Test
    void aLoopbackListenerBlocksAPortPublishedOnAllInterfaces() throws IOException {
        int frontend = freePort();
        try (ServerSocket taken = listen("127.0.0.1", frontend)) {
            assertThat(HostPorts.inUse(null, frontend)).isTrue();
        }
    }

    @Test
    void portsTheProjectsOwnContainersPublishAreExpected() throws IOException {
        int frontend = freePort();
        Map<String, String> env = Map.of("FRONTEND_PORT", Integer.toString(frontend), "BACKEND_PORT", Integer.toString(freePort()));
        try (ServerSocket taken = listen("0.0.0.0", frontend)) {
            assertThat(HostPorts.conflicts(stack, env, Set.of(frontend))).isEmpty();
        }
    }
}
