package dev.stackctl.engine;

import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's swarm through the docker CLI (the same commands a person types): its state, init, node
 * labels, stack deploy and rm, and the stack's services and tasks. Every call has a timeout; a failure
 * is one error with the command's exit code and stderr tail.
 */
public final class SwarmCli {
    /** The label stack deploy puts on everything of a stack. */
    public static final String NAMESPACE = "com.docker.stack.namespace";
    private static final Duration SHORT = Duration.ofSeconds(30);

    private final Map<String, String> env;

    /** The swarm of the engine the docker CLI talks to by default. */
    public SwarmCli() {
        this(Map.of());
    }

    /** The swarm of another engine: {@code env} is given to every docker command (e.g. DOCKER_HOST of a cluster node). */
    public SwarmCli(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** One service of the stack: running tasks of desired (the Replicas column of docker service ls). */
    public record ServiceState(String name, int running, int desired) {
        public boolean atDesired() {
            return running == desired;
        }
    }

    /** One task meant to run: where, and in which state (e.g. "Running 5 seconds ago", "Starting 2 seconds ago"). */
    public record Task(String name, String node, String state, String error) {
        public boolean running() {
            return state.startsWith("Running");
        }

        /**
         * Placed on a node that is still getting it ready (assigned, accepted, preparing: pulling its
         * image). A pending task waits for the scheduler (no node fits it), which no waiting cures.
         */
        public boolean beingPrepared() {
            String first = state.split(" ", 2)[0];
            return first.equals("Assigned") || first.equals("Accepted") || first.equals("Preparing");
        }

        /** Not yet on a node: just created, or waiting for the scheduler (which it does for good when no node fits). */
        public boolean unscheduled() {
            String first = state.split(" ", 2)[0];
            return first.equals("New") || first.equals("Allocated") || first.equals("Pending");
        }
    }

    /** {@code inactive}, {@code active}, {@code pending}, ... as {@code docker info} reports the node. */
    public String localNodeState() {
        return ok(run(SHORT, "info", "-f", "{{.Swarm.LocalNodeState}}"), "docker info", "Is the Docker engine running?").strip();
    }

    /** A swarm of this one node, reachable on loopback only. */
    public void initSingleNode() {
        ok(run(Duration.ofSeconds(60), "swarm", "init", "--advertise-addr", "127.0.0.1"), "docker swarm init", "See docker swarm init --help");
    }

    /** The node this engine is. */
    public String localNodeId() {
        return ok(run(SHORT, "info", "-f", "{{.Swarm.NodeID}}"), "docker info", "Is the engine in a swarm?").strip();
    }

    /** Node ids of the swarm (needs a manager). */
    public List<String> nodes() {
        return ok(run(SHORT, "node", "ls", "-q"), "docker node ls", "Run stackctl on a manager node").strip().lines().toList();
    }

    /** Whether {@code node} carries {@code label=true}. */
    public boolean hasLabel(String node, String label) {
        String value = ok(run(SHORT, "node", "inspect", "-f", "{{index .Spec.Labels \"" + label + "\"}}", node), "docker node inspect", "Check the node id");
        return value.strip().equals("true");
    }

    public void addLabels(String node, List<String> labels) {
        List<String> args = new ArrayList<>(List.of("node", "update"));
        labels.forEach(l -> args.addAll(List.of("--label-add", l + "=true")));
        args.add(node);
        ok(run(SHORT, args.toArray(String[]::new)), "docker node update", "Run stackctl on a manager node");
    }

    /** {@code docker stack deploy} of {@code stackFile} (read from its directory), images as they are here. */
    public ExternalProcess.Result deploy(Path stackFile, String stack, Map<String, String> env) {
        try {
            Map<String, String> all = new java.util.HashMap<>(this.env);
            all.putAll(env);
            return new ExternalProcess(List.of("docker", "stack", "deploy", "-c", stackFile.getFileName().toString(), "--resolve-image", "never",
                    "--detach=true", stack), stackFile.toAbsolutePath().getParent(), all, Duration.ofMinutes(3)).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<ServiceState> services(String stack) {
        List<ServiceState> out = new ArrayList<>();
        String text = ok(run(SHORT, "service", "ls", "--filter", "label=" + NAMESPACE + "=" + stack, "--format", "{{.Name}} {{.Replicas}}"),
                "docker service ls", "Run stackctl on a manager node");
        for (String line : text.strip().lines().toList()) {
            String[] p = line.split(" ");
            String[] r = p.length > 1 ? p[1].split("/") : new String[] {"0", "0"};
            out.add(new ServiceState(p[0], parse(r[0]), parse(r.length > 1 ? r[1] : "0")));
        }
        return out;
    }

    /** The stack's tasks that are meant to run (not the ones already replaced). */
    public List<Task> tasks(String stack) {
        ExternalProcess.Result r = run(SHORT, "stack", "ps", stack, "--filter", "desired-state=running", "--format",
                "{{.Name}}\t{{.Node}}\t{{.CurrentState}}\t{{.Error}}");
        if (!r.ok()) {
            return List.of(); // no such stack (yet)
        }
        List<Task> out = new ArrayList<>();
        for (String line : r.stdout().strip().lines().toList()) {
            String[] p = line.split("\t", -1);
            if (p.length >= 3) {
                out.add(new Task(p[0], p[1], p[2], p.length > 3 ? p[3] : ""));
            }
        }
        return out;
    }

    /** The port a service publishes for {@code target} (host or ingress mode), if any. */
    public Optional<Integer> publishedPort(String service, int target) {
        ExternalProcess.Result r = run(SHORT, "service", "inspect", "-f",
                "{{range .Endpoint.Ports}}{{if eq .TargetPort " + target + "}}{{.PublishedPort}}{{end}}{{end}}", service);
        if (!r.ok() || r.stdout().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(parse(r.stdout().strip()));
    }

    /** Health of the stack's containers on this node: container name, then docker ps's status ("Up 5 seconds (healthy)"). */
    public Map<String, String> localContainers(String stack) {
        Map<String, String> out = new java.util.TreeMap<>();
        String text = ok(run(SHORT, "ps", "--filter", "label=" + NAMESPACE + "=" + stack, "--format", "{{.Names}}\t{{.Status}}"), "docker ps", "Is the engine running?");
        text.strip().lines().map(l -> l.split("\t", 2)).filter(p -> p.length == 2).forEach(p -> out.put(p[0], p[1]));
        return out;
    }

    /** Removes the stack, then waits (bounded) until its containers and network are gone. */
    public void remove(String stack, Duration wait) {
        ok(run(Duration.ofSeconds(60), "stack", "rm", stack), "docker stack rm", "See docker stack ls");
        long end = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < end) {
            boolean containers = !run(SHORT, "ps", "-aq", "--filter", "label=" + NAMESPACE + "=" + stack).stdout().isBlank();
            boolean networks = !run(SHORT, "network", "ls", "-q", "--filter", "label=" + NAMESPACE + "=" + stack).stdout().isBlank();
            if (!containers && !networks) {
                return;
            }
            sleep(500);
        }
        throw new StackctlException(ExitCode.FAILURE, "stack " + stack + " was removed but its containers or network were still there after " + wait.toSeconds() + " s",
                "Check docker ps -a --filter label=" + NAMESPACE + "=" + stack);
    }

    public ExternalProcess.Result run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        try {
            return new ExternalProcess(command, Path.of("").toAbsolutePath(), env, timeout).run();
        } catch (IOException e) {
            throw new StackctlException(ExitCode.DOCKER_UNAVAILABLE, "cannot run docker: " + e.getMessage(), "Install the docker CLI (bin/setup)");
        }
    }

    private static String ok(ExternalProcess.Result r, String what, String hint) {
        if (!r.ok()) {
            throw new StackctlException(ExitCode.FAILURE, what + " failed: " + r.describeFailure(), hint);
        }
        return r.stdout();
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s.replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
