package dev.stackctl.validate;

import dev.stackctl.model.Deploy;
import dev.stackctl.model.Dependency;
import dev.stackctl.model.PortBinding;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * What {@code docker stack deploy} does with a file written for compose: keys it ignores or that make no
 * sense on a swarm, and the routing mesh, which needs IPVS in the kernel. They apply when validating for
 * Swarm ({@code validate --target swarm}, or a file named like a stack file); each is its own rule, so it
 * can be turned off or re-levelled on its own.
 */
public final class SwarmRules {
    private SwarmRules() {}

    /** Every rule of this file. */
    public static List<Rule> all() {
        return List.of(new BuildWithoutImage(), new DependsOn(), new ContainerName(), new IngressWithoutIpvs(), new RestartIgnored());
    }

    /** Whether the swarm rules apply: the stack is validated for {@code docker stack deploy}. */
    static boolean applies(Stack stack, RuleContext context) {
        return context.target() == RuleContext.Orchestrator.SWARM;
    }

    /** A swarm rule that looks at one service at a time. */
    private abstract static class PerService implements Rule {
        abstract void check(Service s, RuleContext context, BiConsumer<String, String> report);

        abstract Severity severity();

        @Override
        public List<Finding> check(Stack stack, RuleContext context) {
            List<Finding> out = new ArrayList<>();
            if (!applies(stack, context)) {
                return out;
            }
            for (Service s : stack.services()) {
                check(s, context, (path, message) -> out.add(new Finding("services." + s.name() + "." + path, id(), severity(), message)));
            }
            return out;
        }
    }

    static final class BuildWithoutImage extends PerService {
        @Override public String id() { return "swarm-build-without-image"; }
        @Override public String description() { return "swarm: docker stack deploy ignores build, so every service needs an image"; }
        @Override Severity severity() { return Severity.ERROR; }

        @Override
        void check(Service s, RuleContext context, BiConsumer<String, String> report) {
            if (s.build() != null && s.image() == null) {
                report.accept("build", "'" + s.name() + "' has a build but no image, and docker stack deploy ignores build: there is nothing to run. "
                        + "Set image: to the name the build is tagged with, build it (and push it, or load it on every node) before deploying");
            }
        }
    }

    static final class DependsOn extends PerService {
        @Override public String id() { return "swarm-depends-on"; }
        @Override public String description() { return "swarm: depends_on is ignored, so a service must tolerate its dependencies starting later"; }
        @Override Severity severity() { return Severity.WARNING; }

        @Override
        void check(Service s, RuleContext context, BiConsumer<String, String> report) {
            if (s.dependsOn().isEmpty()) {
                return;
            }
            String names = s.dependsOn().stream().map(Dependency::service).collect(Collectors.joining(", "));
            report.accept("depends_on", "swarm ignores depends_on: '" + s.name() + "' starts without waiting for " + names
                    + ", so it must tolerate " + (s.dependsOn().size() == 1 ? "it" : "them") + " starting later (retry its connections, "
                    + "or exit and let deploy.restart_policy start it again); then remove depends_on from the stack file");
        }
    }

    static final class ContainerName extends PerService {
        @Override public String id() { return "swarm-container-name"; }
        @Override public String description() { return "swarm: container_name is ignored (tasks are named stack_service.slot.id)"; }
        @Override Severity severity() { return Severity.WARNING; }

        @Override
        void check(Service s, RuleContext context, BiConsumer<String, String> report) {
            if (s.containerName() != null) {
                report.accept("container_name", "swarm ignores container_name '" + s.containerName() + "': the containers of '" + s.name()
                        + "' are named <stack>_" + s.name() + ".<slot>.<task id>; remove it and reach the service by its name");
            }
        }
    }

    static final class IngressWithoutIpvs extends PerService {
        @Override public String id() { return "swarm-needs-ipvs"; }
        @Override public String description() { return "swarm: ingress-mode ports and virtual IPs need IPVS in the kernel (checked in /proc/sys/net/ipv4/vs)"; }
        @Override Severity severity() { return Severity.ERROR; }

        @Override
        void check(Service s, RuleContext context, BiConsumer<String, String> report) {
            if (context.ipvs()) {
                return;
            }
            for (int i = 0; i < s.ports().size(); i++) {
                PortBinding p = s.ports().get(i);
                if (p.mode() != PortBinding.Mode.HOST) {
                    report.accept("ports[" + i + "]", "port " + p.target() + " of '" + s.name() + "' is published in ingress mode (the routing "
                            + "mesh), which needs IPVS, and this kernel has none (/proc/sys/net/ipv4/vs is missing): connections to it hang. "
                            + "Publish it with mode: host (bound on the node that runs the task) and set deploy.endpoint_mode: dnsrr");
                }
            }
            Deploy.EndpointMode mode = s.deploy().endpointMode();
            if (mode != Deploy.EndpointMode.DNSRR) {
                report.accept("deploy.endpoint_mode", "'" + s.name() + "' is found through a virtual IP (endpoint_mode " + (mode == null ? "unset: vip" : "vip")
                        + "), which needs IPVS, and this kernel has none (/proc/sys/net/ipv4/vs is missing): connections to the service name hang. "
                        + "Set deploy.endpoint_mode: dnsrr (the name resolves to the tasks' addresses)");
            }
        }
    }

    static final class RestartIgnored extends PerService {
        @Override public String id() { return "swarm-restart-ignored"; }
        @Override public String description() { return "swarm: restart is ignored, restarts come from deploy.restart_policy"; }
        @Override Severity severity() { return Severity.WARNING; }

        @Override
        void check(Service s, RuleContext context, BiConsumer<String, String> report) {
            if (s.restart() == null) {
                return;
            }
            report.accept("restart", "swarm ignores restart: " + s.restart() + " on '" + s.name() + "'; "
                    + (s.deploy().restartPolicy() == null
                    ? "without deploy.restart_policy swarm restarts its tasks whenever they stop (condition any). Set deploy.restart_policy "
                    + "(e.g. condition: any, delay: 5s) and remove restart"
                    : "deploy.restart_policy (" + s.deploy().restartPolicy().condition().composeName() + ") decides; remove restart"));
        }
    }
}
