package dev.stackctl.validate;

import dev.stackctl.model.Security;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import dev.stackctl.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Rules about how much of the host a container gets: privileged mode, the Docker socket, the host's
 * namespaces, capabilities that amount to root, and setuid escalation. Each is its own rule (own id,
 * so it can be turned off or re-levelled on its own); they share this file because each is a few lines.
 */
public final class HostAccessRules {
    private HostAccessRules() {}

    /** Every rule of this file. */
    public static List<Rule> all() {
        return List.of(new Privileged(), new DockerSocket(), new HostNamespace(), new DangerousCapability(), new NoNewPrivileges());
    }

    /** A rule that looks at one service at a time. */
    private abstract static class PerService implements Rule {
        abstract void check(Service s, BiConsumer<String, String> report);

        abstract Severity severity();

        @Override
        public List<Finding> check(Stack stack, RuleContext context) {
            List<Finding> out = new ArrayList<>();
            for (Service s : stack.services()) {
                check(s, (path, message) -> out.add(new Finding("services." + s.name() + "." + path, id(), severity(), message)));
            }
            return out;
        }
    }

    static final class Privileged extends PerService {
        @Override public String id() { return "privileged"; }
        @Override public String description() { return "containers must not run privileged (every device and capability of the host)"; }
        @Override Severity severity() { return Severity.ERROR; }

        @Override
        void check(Service s, BiConsumer<String, String> report) {
            if (s.host().isPrivileged()) {
                report.accept("privileged", "'" + s.name() + "' runs privileged, with every device and capability of the host; remove privileged: true "
                        + "and add only the capability it needs (cap_add) or the device (devices)");
            }
        }
    }

    static final class DockerSocket extends PerService {
        private static final Set<String> SOCKETS = Set.of("/var/run/docker.sock", "/run/docker.sock");

        @Override public String id() { return "docker-socket"; }
        @Override public String description() { return "the Docker socket must not be mounted (whoever can write to it is root on the host)"; }
        @Override Severity severity() { return Severity.ERROR; }

        @Override
        void check(Service s, BiConsumer<String, String> report) {
            for (int i = 0; i < s.volumes().size(); i++) {
                VolumeMount v = s.volumes().get(i);
                if (v.type() == VolumeMount.Type.BIND && v.source() != null && (SOCKETS.contains(v.source()) || v.source().endsWith("/docker.sock"))) {
                    report.accept("volumes[" + i + "]", "'" + s.name() + "' mounts the Docker socket " + v.source() + (v.readOnly() ? " (read-only does not help: "
                            + "the API still starts containers)" : "") + ", which makes it root on the host; remove it, or put a socket proxy in between "
                            + "that allows only the API calls it needs");
                }
            }
        }
    }

    static final class HostNamespace extends PerService {
        @Override public String id() { return "host-namespace"; }
        @Override public String description() { return "network_mode, pid and ipc should not be the host's (the container sees and reaches the host's)"; }
        @Override Severity severity() { return Severity.WARNING; }

        @Override
        void check(Service s, BiConsumer<String, String> report) {
            if ("host".equals(s.host().networkMode())) {
                report.accept("network_mode", "'" + s.name() + "' uses the host's network (network_mode: host): it listens on every host interface "
                        + "and ports: no longer applies; publish the ports it needs on a network instead");
            }
            if ("host".equals(s.host().pid())) {
                report.accept("pid", "'" + s.name() + "' shares the host's process namespace (pid: host): it sees and can signal every host process; remove pid: host");
            }
            if ("host".equals(s.host().ipc())) {
                report.accept("ipc", "'" + s.name() + "' shares the host's IPC namespace (ipc: host); remove it, or share with one service (ipc: service:NAME)");
            }
        }
    }

    static final class DangerousCapability extends PerService {
        @Override public String id() { return "dangerous-capability"; }
        @Override public String description() { return "cap_add must not add ALL or SYS_ADMIN (either is nearly root on the host)"; }
        @Override Severity severity() { return Severity.ERROR; }

        @Override
        void check(Service s, BiConsumer<String, String> report) {
            for (String cap : s.security().capAdd()) {
                String c = Security.canonicalCapability(cap);
                if (c.equals("ALL") || c.equals("CAP_SYS_ADMIN")) {
                    report.accept("cap_add", "'" + s.name() + "' adds " + cap + ", " + (c.equals("ALL") ? "every capability" : "which covers mounts, namespaces and more")
                            + " (nearly root on the host); add only the narrow capability it needs, e.g. NET_BIND_SERVICE");
                }
            }
        }
    }

    static final class NoNewPrivileges extends PerService {
        @Override public String id() { return "no-new-privileges"; }
        @Override public String description() { return "security_opt should set no-new-privileges:true (setuid binaries cannot gain privileges)"; }
        @Override Severity severity() { return Severity.WARNING; }

        @Override
        public List<Finding> check(Stack stack, RuleContext context) {
            // a swarm service has no such setting (docker stack deploy ignores security_opt): nothing to fix there
            return SwarmRules.applies(stack, context) ? List.of() : super.check(stack, context);
        }

        @Override
        void check(Service s, BiConsumer<String, String> report) {
            if (!s.security().noNewPrivileges()) {
                report.accept("security_opt", "'" + s.name() + "' does not set no-new-privileges, so a setuid binary in the image can gain privileges; "
                        + "add security_opt: [\"no-new-privileges:true\"]");
            }
        }
    }
}
