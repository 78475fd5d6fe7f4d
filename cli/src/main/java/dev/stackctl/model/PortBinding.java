package dev.stackctl.model;

import java.util.Map;
import java.util.Optional;

/**
 * A published port. The host port may be a variable with a default ({@code ${FRONTEND_PORT:-80}}), so one
 * compose file serves every host; {@code hostIp} null means all interfaces. {@code mode} matters to Swarm
 * only: {@link Mode#INGRESS} (its default) publishes through the routing mesh on every node, which needs
 * IPVS in the kernel; {@link Mode#HOST} binds the port on the node running the task.
 *
 * <p>A range ({@code 8080-8090:80-90}) has {@code targetEnd}, the last container port, and its published
 * ports as the text {@code FIRST-LAST}.
 */
public record PortBinding(String hostIp, Interpolated published, int target, Protocol protocol, Mode mode, Integer targetEnd) {

    /** {@code ports[].mode}. */
    public enum Mode {
        HOST, INGRESS;

        public String composeName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Transport protocol of a port. */
    public enum Protocol {
        TCP, UDP, SCTP;

        public String composeName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public PortBinding {
        requirePort(target, "target (container) port");
        if (targetEnd != null) {
            requirePort(targetEnd, "last target (container) port");
            if (targetEnd < target) {
                throw new IllegalArgumentException("port range " + target + "-" + targetEnd + " ends before it starts");
            }
        }
        if (protocol == null) {
            protocol = Protocol.TCP;
        }
        if (published != null && published.isLiteral()) {
            String lit = published.resolve(Map.of()).orElse("");
            try {
                for (String one : lit.split("-", 2)) {
                    requirePort(Integer.parseInt(one), "published (host) port");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("published (host) port '" + lit + "' is not a number");
            }
        }
    }

    public PortBinding(String hostIp, Interpolated published, int target, Protocol protocol) {
        this(hostIp, published, target, protocol, null, null);
    }

    public PortBinding(String hostIp, Interpolated published, int target, Protocol protocol, Mode mode) {
        this(hostIp, published, target, protocol, mode, null);
    }

    public PortBinding withMode(Mode m) {
        return new PortBinding(hostIp, published, target, protocol, m, targetEnd);
    }

    public PortBinding withHostIp(String ip) {
        return new PortBinding(ip, published, target, protocol, mode, targetEnd);
    }

    public static PortBinding of(int hostPort, int target) {
        return new PortBinding(null, Interpolated.literal(Integer.toString(hostPort)), target, Protocol.TCP);
    }

    public static PortBinding loopback(String variable, int defaultHostPort, int target) {
        return new PortBinding("127.0.0.1", Interpolated.withDefault(variable, Integer.toString(defaultHostPort)), target, Protocol.TCP);
    }

    public static PortBinding variable(String variable, int defaultHostPort, int target) {
        return new PortBinding(null, Interpolated.withDefault(variable, Integer.toString(defaultHostPort)), target, Protocol.TCP);
    }

    /** The host port with these variables (defaults apply), if it resolves to a number. */
    public Optional<Integer> hostPort(Map<String, String> env) {
        if (published == null) {
            return Optional.empty();
        }
        try {
            return published.resolve(env).map(Integer::parseInt);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** True when the port is reachable from other machines (no host IP, 0.0.0.0 or ::). */
    public boolean onAllInterfaces() {
        return hostIp == null || hostIp.isBlank() || hostIp.equals("0.0.0.0") || hostIp.equals("::") || hostIp.equals("[::]");
    }

    private static void requirePort(int port, String what) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " " + port + " is out of range 1-65535");
        }
    }
}
