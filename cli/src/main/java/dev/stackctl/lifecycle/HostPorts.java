package dev.stackctl.lifecycle;

import dev.stackctl.model.Interpolated;
import dev.stackctl.model.PortBinding;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Before anything starts: is each host port the stack publishes free? Otherwise the engine refuses the
 * container that needs it only after its dependencies were started and waited for, with a message
 * about "programming external connectivity". Ports held by the project's own containers (up on a running
 * stack) are expected and not reported.
 */
final class HostPorts {
    private HostPorts() {}

    /** A published TCP port another program already listens on. */
    record Conflict(String service, String hostIp, int port, String variable) {
        /** What the user can do about it: the variable (and its up option) that moves the port. */
        String fix() {
            String option = switch (variable == null ? "" : variable) {
                case "FRONTEND_PORT" -> "--frontend-port";
                case "BACKEND_PORT" -> "--backend-port";
                default -> null;
            };
            String stop = "stop the program listening on it (ss -ltnp 'sport = :" + port + "' shows it)";
            if (option != null) return "Choose another with " + option + ", or " + stop;
            if (variable != null) return "Set " + variable + " to another port, or " + stop;
            return "S" + stop.substring(1);
        }

        String describe() {
            return "host port " + port + " (" + service + (hostIp == null ? "" : ", " + hostIp) + ") is already taken by another program";
        }
    }

    /**
     * The published TCP ports that cannot be bound now, except those in {@code ownPorts} (published by
     * this project's containers). {@code env} resolves variable host ports as compose would.
     */
    static List<Conflict> conflicts(Stack stack, Map<String, String> env, Set<Integer> ownPorts) {
        List<Conflict> conflicts = new ArrayList<>();
        for (Service s : stack.services()) {
            for (PortBinding p : s.ports()) {
                if (p.protocol() != PortBinding.Protocol.TCP) continue;
                Integer port = p.hostPort(env).orElse(null);
                if (port == null || ownPorts.contains(port)) continue;
                String ip = p.onAllInterfaces() ? null : p.hostIp();
                if (inUse(ip, port)) {
                    conflicts.add(new Conflict(s.name(), ip, port, variableOf(p.published())));
                }
            }
        }
        return conflicts;
    }

    /**
     * True only when something listens there ("Address already in use"). Anything else, such as a
     * privileged port this user may not bind (the engine binds it as root), is not a conflict.
     */
    static boolean inUse(String hostIp, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // a port in TIME_WAIT is free for the engine too
            InetAddress address = hostIp == null ? InetAddress.getByName("0.0.0.0") : InetAddress.getByName(hostIp);
            socket.bind(new InetSocketAddress(address, port));
            return false;
        } catch (BindException e) {
            return e.getMessage() != null && e.getMessage().contains("in use");
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static String variableOf(Interpolated published) {
        return published == null || published.references().isEmpty() ? null : published.references().get(0).name();
    }
}
