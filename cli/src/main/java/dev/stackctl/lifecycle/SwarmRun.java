package dev.stackctl.lifecycle;

import dev.stackctl.engine.ExternalProcess;
import dev.stackctl.engine.SwarmCli;
import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import dev.stackctl.model.FileObject;
import dev.stackctl.model.ProjectLayout;
import dev.stackctl.model.Service;
import dev.stackctl.model.StackDefinition;
import dev.stackctl.render.Generator;
import dev.stackctl.stack.ImageProfile;
import dev.stackctl.stack.StackOptions;
import dev.stackctl.stack.StockTrackerStack;
import dev.stackctl.stack.SwarmStack;
import dev.stackctl.stack.Topology;
import dev.stackctl.verify.CheckResult;
import dev.stackctl.verify.Deadline;
import dev.stackctl.verify.ProxyHttpCheck;
import dev.stackctl.verify.WebSocketCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code up}, {@code verify}, {@code status} and {@code down} of the swarm target: generated/swarm/stack.yml
 * deployed with {@code docker stack deploy} to the swarm this engine belongs to (a single-node one made
 * only when asked: never silently), its secrets written once into generated/swarm/secrets/ (mode 600),
 * the data stores' node labels set on a single-node swarm (on several nodes the user says which node holds
 * the volumes), and verified: every service at its desired replicas, every task running (healthy: swarm
 * counts a task with a health check as running once healthy) and the same probes through nginx as the
 * compose target, under one deadline.
 */
public final class SwarmRun {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What {@code up --target swarm} was asked to do. */
    public record Request(String stack, ImageProfile profile, Integer frontendPort, boolean initSwarm, boolean build, boolean verify, Duration timeout) {}

    private final ProjectLayout layout;
    private final PrintWriter out;
    private final Steps steps;
    private final SwarmCli swarm;
    private final LocalCluster.Connection cluster;
    private final StackDefinition definition = SwarmStack.definition();

    /** The swarm of the engine the docker CLI talks to (DOCKER_HOST, its context, or this machine's). */
    public SwarmRun(ProjectLayout layout, PrintWriter out, PrintWriter err) {
        this(layout, out, err, null);
    }

    /** The swarm of a local cluster ({@code stackctl cluster up}) when {@code cluster} is not null. */
    public SwarmRun(ProjectLayout layout, PrintWriter out, PrintWriter err, LocalCluster.Connection cluster) {
        this.layout = layout;
        this.out = out;
        this.steps = new Steps(err);
        this.cluster = cluster;
        this.swarm = cluster == null ? new SwarmCli() : new SwarmCli(cluster.env());
    }

    /**
     * How long {@code up} waits for the nodes to get the images (tasks past preparing) before the
     * {@code --timeout} deadline of the proof starts: a first deploy to a cluster pulls every image on
     * every node, which is distribution, not the stack's start. A compose {@code up} also builds and
     * creates first, then verifies under its deadline.
     */
    public static final Duration IMAGE_WAIT = Duration.ofMinutes(5);

    public int up(Request r) {
        Instant t0 = Instant.now();
        Path dir = layout.generated(definition);
        regenerateIfStale(dir);
        String state = swarm.localNodeState();
        if (!state.equals("active")) {
            if (!r.initSwarm()) {
                throw new StackctlException(ExitCode.FAILURE, "this engine is in no swarm (its swarm state is " + state + ")",
                        "Add --init-swarm to make it a single-node swarm (docker swarm init --advertise-addr 127.0.0.1), or join it to a swarm");
            }
            steps.say("initialising a single-node swarm (docker swarm init --advertise-addr 127.0.0.1), as --init-swarm asks");
            swarm.initSingleNode();
        }
        labelNodes();
        if (r.build()) {
            StackImages.build(layout, StockTrackerStack.definition(StackOptions.DEFAULTS.withTopology(Topology.SCALED, StackOptions.DEFAULT_REPLICAS)),
                    r.profile(), steps.writer());
        }
        writeSecrets(dir);
        Map<String, String> env = new LinkedHashMap<>();
        if (r.profile() == ImageProfile.AIRGAP) {
            env.putAll(r.profile().images());
        }
        if (cluster != null) {
            List<ClusterImages.Image> images = ClusterImages.of(definition);
            steps.say("pushing the stack's images to cluster " + cluster.name() + "'s registry " + cluster.registryAddress());
            ClusterImages.push(images, cluster.registryHostPort(), steps);
            env.putAll(ClusterImages.env(images, cluster.registryAddress()));
        }
        if (r.frontendPort() != null) {
            env.put("FRONTEND_PORT", Integer.toString(r.frontendPort()));
        }
        steps.say("deploying stack " + r.stack() + " (docker stack deploy -c generated/swarm/stack.yml --resolve-image never)");
        ExternalProcess.Result deployed = swarm.deploy(dir.resolve(definition.stackFile()), r.stack(), env);
        if (!deployed.ok()) {
            throw new StackctlException(ExitCode.FAILURE, "docker stack deploy failed: " + deployed.describeFailure(), "Fix the error above and run up again");
        }
        if (!r.verify()) {
            out.println("stack " + r.stack() + " deployed (not verified: --no-verify)");
            return ExitCode.SUCCESS.code();
        }
        awaitImages(r.stack(), Deadline.in(IMAGE_WAIT), t0);
        return verify(r.stack(), Deadline.in(r.timeout()), Instant.now());
    }

    /**
     * Waits, showing which tasks on which nodes, while tasks are still being prepared (their image
     * pulled) or, for the first 10 s, not all created and placed; returns when none is, or at {@code deadline}
     * (the proof that follows then reports the tasks not running).
     */
    private void awaitImages(String stack, Deadline deadline, Instant t0) {
        int wanted = definition.stack().services().stream().mapToInt(s -> s.deploy().replicaCount()).sum();
        Instant created = Instant.now().plus(Duration.ofSeconds(10));
        String shown = "";
        while (true) {
            List<SwarmCli.Task> tasks = swarm.tasks(stack);
            List<SwarmCli.Task> preparing = tasks.stream().filter(SwarmCli.Task::beingPrepared).toList();
            boolean scheduling = tasks.size() < wanted || tasks.stream().anyMatch(SwarmCli.Task::unscheduled);
            if (preparing.isEmpty() && (!scheduling || Instant.now().isAfter(created))) {
                if (!shown.isEmpty()) {
                    steps.say(String.format(Locale.ROOT, "%6.1f s  every node has its images; the %s deadline starts now", Steps.secondsSince(t0), "--timeout"));
                }
                return;
            }
            String line = preparing.isEmpty() ? "scheduling " + wanted + " tasks (" + perNode(tasks, null) + ")"
                    : preparing.size() + " of " + wanted + " tasks getting their image (" + perNode(preparing, null) + ")";
            if (!line.equals(shown)) {
                steps.say(String.format(Locale.ROOT, "%6.1f s  %s", Steps.secondsSince(t0), line));
                shown = line;
            }
            if (!deadline.pause(Duration.ofMillis(500))) {
                steps.say("tasks still getting their images after " + IMAGE_WAIT.toMinutes() + " min; verifying anyway");
                return;
            }
        }
    }

    /** Verifies a deployed stack under {@code deadline}; prints the report on stdout and returns the exit code. */
    public int verify(String stack, Deadline deadline, Instant t0) {
        if (swarm.services(stack).isEmpty()) {
            throw new StackctlException(ExitCode.UNHEALTHY, "no services of stack '" + stack + "' exist", "Deploy it with ./stackctl up --target swarm");
        }
        Map<String, Integer> desired = new TreeMap<>();
        definition.stack().services().forEach(s -> desired.put(stack + "_" + s.name(), s.deploy().replicaCount()));
        int tasksWanted = desired.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, String> shown = new TreeMap<>();
        List<SwarmCli.ServiceState> services;
        List<SwarmCli.Task> tasks;
        boolean converged;
        do {
            tasks = swarm.tasks(stack);
            services = countedFromTasks(swarm.services(stack), tasks);
            for (SwarmCli.ServiceState s : services) {
                String line = s.running() + "/" + s.desired() + " " + perNode(tasks, s.name());
                if (!line.equals(shown.put(s.name(), line))) {
                    steps.say(String.format(Locale.ROOT, "%6.1f s  %-28s %s", Steps.secondsSince(t0), s.name(), line));
                }
            }
            Map<String, Integer> running = services.stream().collect(Collectors.toMap(SwarmCli.ServiceState::name, SwarmCli.ServiceState::running));
            converged = desired.entrySet().stream().allMatch(e -> e.getValue().equals(running.get(e.getKey())))
                    && tasks.size() == tasksWanted && tasks.stream().allMatch(SwarmCli.Task::running);
        } while (!converged && deadline.pause(Duration.ofMillis(500)));

        List<CheckResult> results = new ArrayList<>();
        Duration took = Duration.between(t0, Instant.now());
        String replicas = services.stream().map(s -> s.name().substring(stack.length() + 1) + " " + s.running() + "/" + s.desired())
                .collect(Collectors.joining(", "));
        boolean atDesired = services.size() == desired.size() && services.stream().allMatch(SwarmCli.ServiceState::atDesired);
        results.add(new CheckResult("replicas", "every service runs its desired replicas", atDesired ? CheckResult.Status.PASSED : CheckResult.Status.FAILED,
                replicas, took, null));
        String notRunning = tasks.stream().filter(t -> !t.running()).map(t -> t.name() + " " + t.state() + (t.error().isBlank() ? "" : " (" + t.error() + ")"))
                .collect(Collectors.joining("; "));
        Map<String, String> local = swarm.localContainers(stack);
        String unhealthy = local.entrySet().stream().filter(e -> !e.getValue().contains("(healthy)")).map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining("; "));
        boolean healthy = converged && notRunning.isEmpty() && unhealthy.isEmpty();
        results.add(new CheckResult("healthy", "every task is running and healthy", healthy ? CheckResult.Status.PASSED : CheckResult.Status.FAILED,
                healthy ? tasks.size() + " tasks running and healthy (" + perNode(tasks, null) + ")"
                        : (notRunning + (unhealthy.isEmpty() ? "" : "; on this node: " + unhealthy)).replaceFirst("^; ", ""), took, null));
        ExitCode code = atDesired && healthy ? ExitCode.SUCCESS : ExitCode.UNHEALTHY;
        if (code == ExitCode.SUCCESS) {
            var proxy = definition.roles().proxy();
            var port = swarm.publishedPort(stack + "_" + proxy.service(), proxy.containerPort());
            if (port.isEmpty()) {
                results.add(new CheckResult("http-through-proxy", "the frontend answers through its published port", CheckResult.Status.FAILED,
                        "the frontend publishes no port for " + proxy.containerPort(), Duration.ZERO, proxy.service()));
            } else {
                String host = frontendHost(stack, proxy.service(), tasks);
                results.add(new ProxyHttpCheck().check(host, port.get(), proxy, deadline));
                results.add(new WebSocketCheck().check(host, port.get(), proxy, deadline));
            }
            if (results.stream().anyMatch(c -> c.status() == CheckResult.Status.FAILED)) {
                code = ExitCode.CRITERION_FAILED;
            }
        }
        for (CheckResult c : results) {
            out.printf(Locale.ROOT, "  %-4s %-24s %6.2fs  %s%n         %s%n", c.passed() ? "PASS" : "FAIL", c.id(), c.elapsed().toMillis() / 1000.0,
                    c.criterion(), c.evidence());
        }
        out.printf(Locale.ROOT, "verify --target swarm: %s in %.1f s%n", code == ExitCode.SUCCESS ? "PASSED" : "FAILED", Steps.secondsSince(t0));
        out.flush();
        return code.code();
    }

    /**
     * Each service's running replicas counted from its tasks that are meant to run, not from docker service
     * ls: after a node is lost, the manager still counts the task last reported running there (desired state
     * shutdown, the node cannot say otherwise), e.g. api 4/3 while its replacement runs elsewhere.
     */
    static List<SwarmCli.ServiceState> countedFromTasks(List<SwarmCli.ServiceState> services, List<SwarmCli.Task> tasks) {
        return services.stream().map(s -> new SwarmCli.ServiceState(s.name(),
                (int) tasks.stream().filter(t -> t.name().startsWith(s.name() + ".") && t.running()).count(), s.desired())).toList();
    }

    /** Services with their replicas, then each task with its node and state. */
    public int status(String stack) {
        List<SwarmCli.ServiceState> services = swarm.services(stack);
        if (services.isEmpty()) {
            out.println("stack " + stack + ": not deployed");
            return ExitCode.SUCCESS.code();
        }
        out.printf("%-32s %s%n", "SERVICE", "REPLICAS");
        services.forEach(s -> out.printf("%-32s %d/%d%n", s.name(), s.running(), s.desired()));
        out.printf("%n%-36s %-16s %s%n", "TASK", "NODE", "STATE");
        swarm.tasks(stack).forEach(t -> out.printf("%-36s %-16s %s%s%n", t.name(), t.node(), t.state(), t.error().isBlank() ? "" : "  " + t.error()));
        return ExitCode.SUCCESS.code();
    }

    /** Removes the stack (its services, network, secrets, config); with {@code volumes} also its volumes on this node. */
    public int down(String stack, boolean volumes) {
        if (swarm.services(stack).isEmpty()) {
            out.println("stack " + stack + ": nothing deployed");
        } else {
            steps.say("removing stack " + stack + " (docker stack rm)");
            swarm.remove(stack, Duration.ofSeconds(60));
        }
        if (volumes) {
            for (var v : definition.stack().volumes()) {
                ExternalProcess.Result r = swarm.run(Duration.ofSeconds(30), "volume", "rm", stack + "_" + v.name());
                if (r.ok()) {
                    steps.say("removed volume " + stack + "_" + v.name());
                }
            }
        }
        out.println("stack " + stack + " removed" + (volumes ? " with its volumes on this node" : ""));
        return ExitCode.SUCCESS.code();
    }

    /**
     * Where the frontend's host-mode port is reached: 127.0.0.1 on this engine's swarm; on a local cluster,
     * the address of the node that runs the frontend's task.
     */
    private String frontendHost(String stack, String service, List<SwarmCli.Task> tasks) {
        if (cluster == null) {
            return "127.0.0.1";
        }
        return tasks.stream().filter(t -> t.name().startsWith(stack + "_" + service + ".")).map(t -> cluster.nodeAddresses().get(t.node()))
                .filter(java.util.Objects::nonNull).findFirst().orElse("127.0.0.1");
    }

    private static String perNode(List<SwarmCli.Task> tasks, String service) {
        Map<String, Map<String, Integer>> byNode = new TreeMap<>();
        for (SwarmCli.Task t : tasks) {
            if (service == null || t.name().startsWith(service + ".")) {
                String state = t.state().split(" ")[0].toLowerCase(Locale.ROOT);
                byNode.computeIfAbsent(t.node().isBlank() ? "(unassigned)" : t.node(), k -> new TreeMap<>()).merge(state, 1, Integer::sum);
            }
        }
        return byNode.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().entrySet().stream().map(x -> x.getValue() + " " + x.getKey())
                .collect(Collectors.joining(", "))).collect(Collectors.joining("; "));
    }

    /** The data stores run where their volume is: label a single node; on several, say which label is missing. */
    private void labelNodes() {
        List<String> labels = placementLabels(definition);
        List<String> nodes = swarm.nodes();
        List<String> missing = labels.stream().filter(l -> nodes.stream().noneMatch(n -> swarm.hasLabel(n, l))).toList();
        if (missing.isEmpty()) {
            return;
        }
        if (nodes.size() != 1) {
            throw new StackctlException(ExitCode.FAILURE, "no node of the swarm carries " + String.join(", ", missing)
                    + " (the data stores run only on the node that holds their volume)",
                    "Label that node: docker node update " + missing.stream().map(l -> "--label-add " + l + "=true").collect(Collectors.joining(" ")) + " NODE");
        }
        steps.say("labelling the swarm's one node " + String.join(", ", missing) + " (the data stores' volumes live there)");
        swarm.addLabels(nodes.get(0), missing);
    }

    /** The node labels the stack's placement constraints name (the data stores' volumes), e.g. stock-tracker.pgdata. */
    static List<String> placementLabels(StackDefinition definition) {
        List<String> labels = new ArrayList<>();
        for (Service s : definition.stack().services()) {
            if (s.deploy().placement() != null) {
                s.deploy().placement().constraints().forEach(c -> labels.add(c.substring("node.labels.".length(), c.indexOf(' '))));
            }
        }
        return labels;
    }

    /** Each secret file, written once with a random value (mode 600); a value already there stays. */
    private void writeSecrets(Path dir) {
        try {
            for (FileObject secret : definition.stack().secrets()) {
                Path file = dir.resolve(secret.file()).normalize();
                if (Files.exists(file) && Files.size(file) > 0) {
                    continue;
                }
                Files.createDirectories(file.getParent());
                byte[] bytes = new byte[24];
                RANDOM.nextBytes(bytes);
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, HexFormat.of().formatHex(bytes), StandardCharsets.UTF_8);
                steps.say("wrote a random " + secret.key() + " to " + layout.root().relativize(file) + " (mode 600)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void regenerateIfStale(Path dir) {
        Generator generator = new Generator(layout);
        Map<String, String> files = generator.render(definition);
        try {
            if (!generator.drift(files, dir).isEmpty()) {
                steps.say("generated/swarm/ was stale: regenerating it");
                generator.write(files, dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
