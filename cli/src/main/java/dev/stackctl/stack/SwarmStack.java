package dev.stackctl.stack;

import dev.stackctl.model.Deploy;
import dev.stackctl.model.DeployRestartPolicy;
import dev.stackctl.model.EnvVar;
import dev.stackctl.model.FileObject;
import dev.stackctl.model.FileReference;
import dev.stackctl.model.FileTemplate;
import dev.stackctl.model.HealthCheck;
import dev.stackctl.model.Interpolated;
import dev.stackctl.model.MemorySize;
import dev.stackctl.model.Network;
import dev.stackctl.model.Placement;
import dev.stackctl.model.PortBinding;
import dev.stackctl.model.Resources;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import dev.stackctl.model.StackDefinition;
import dev.stackctl.model.UpdateConfig;
import dev.stackctl.model.VolumeMount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The scaled stock tracker as a Docker Swarm stack file (generated/swarm/stack.yml): the services
 * {@link StockTrackerStack} builds for the scaled topology, with what {@code docker stack deploy} needs
 * in place of what it ignores or refuses. Nothing of a service is written twice: each swarm service is
 * its compose service, changed by the rules below.
 *
 * <ul>
 *   <li>No {@code build}, {@code pull_policy} (not in the stack file schema), {@code depends_on},
 *       {@code container_name} or {@code restart}: restarts are {@code deploy.restart_policy}; the
 *       services wait for their dependencies themselves (the backend retries its database and Redis
 *       connections; nginx resolves the API's name per request).</li>
 *   <li>Every password is a swarm secret, a file under {@code /run/secrets/} named by an {@code X_FILE}
 *       variable (read by the backend, the TimescaleDB entrypoint and Redis's command), never a value in
 *       the environment.</li>
 *   <li>The bind-mounted nginx.conf is a swarm config (a node has no generated/ directory).</li>
 *   <li>tmpfs become tmpfs mounts (a stack file's service-level {@code tmpfs} is ignored by swarm).</li>
 *   <li>This kernel has no IPVS (docs/scale-out.md): every service is found by DNS round robin
 *       ({@code endpoint_mode: dnsrr}) and the frontend's port is published in host mode. A stack file
 *       cannot bind 127.0.0.1 ({@code host_ip} is not allowed), so the loopback-only ports of the
 *       compose file (the collector's operator port, published databases) are left out.</li>
 *   <li>A service with a named volume runs only on the node labelled as holding it
 *       ({@code node.labels.stock-tracker.<volume> == true}); API replicas spread over nodes.</li>
 *   <li>{@code security_opt} is left out: swarm services have no no-new-privileges setting. The rest of
 *       the hardening (user, read-only root, no capabilities, pids and open-file limits) stays.</li>
 * </ul>
 */
public final class SwarmStack {
    /** Under generated/. */
    public static final String DIRECTORY = "swarm";
    public static final String STACK_FILE = "stack.yml";
    /** The stack name stackctl and the docs deploy it as ({@code docker stack deploy ... stock-tracker}). */
    public static final String STACK_NAME = StockTrackerStack.PROJECT;
    /** Where the secret files are read from by {@code docker stack deploy}, relative to the stack file. */
    public static final String SECRETS_DIRECTORY = "secrets";
    static final String IN_CONTAINER_SECRETS = "/run/secrets/";
    /** Swarm's overlay network driver: services on every node share the network. */
    static final String OVERLAY = "overlay";

    /**
     * Restart a stopped task after 2 s, however it stopped, forever: what {@code restart: unless-stopped}
     * does on one host. Short, because the collector exits 75 when fenced and must come back at once.
     */
    static final DeployRestartPolicy RESTART = DeployRestartPolicy.any(Duration.ofSeconds(2));
    /** How long a new task is watched after it is running (healthy, with a health check) before the next. */
    static final Duration MONITOR = Duration.ofSeconds(10);

    private SwarmStack() {}

    /** The swarm stack with default options. */
    public static StackDefinition definition() {
        return definition(StackOptions.DEFAULTS);
    }

    /**
     * The swarm stack of the scaled topology with these options (the topology in {@code options} is not
     * read; its replicas are). {@code publishDatabases} and the backend's host port do not apply: a stack
     * file can publish nothing on loopback only.
     */
    public static StackDefinition definition(StackOptions options) {
        StackDefinition compose = StockTrackerStack.definition(options.withTopology(Topology.SCALED, options.replicas()));
        Stack stack = forSwarm(compose.stack());
        List<FileTemplate> files = List.of(
                new FileTemplate(StockTrackerStack.NGINX_CONF, "nginx.conf", StockTrackerStack.nginxValues(stack)),
                new FileTemplate(".env.example", "swarm.env.example", Map.of(
                        "secret_files", secretFiles(stack), "node_labels", nodeLabels(stack))));
        return new StackDefinition(stack, SwarmStack.class.getName(), files, compose.artifacts(), compose.roles(), DIRECTORY, STACK_FILE);
    }

    /** The node label that says a node holds {@code volume} (a data store runs only there). */
    public static String volumeLabel(String volume) {
        return StockTrackerStack.PROJECT + "." + volume;
    }

    /** The compose stack's services for swarm (see the class comment); no name, as a stack file carries none. */
    static Stack forSwarm(Stack compose) {
        Map<String, FileObject> secrets = new TreeMap<>();
        Map<String, FileObject> configs = new TreeMap<>();
        List<Service> services = new ArrayList<>();
        for (Service s : compose.services()) {
            services.add(service(s, secrets, configs));
        }
        List<Network> networks = compose.networks().stream().map(n -> new Network(n.name(), OVERLAY)).toList();
        return new Stack(null, services, networks, compose.volumes(), List.copyOf(secrets.values()), List.copyOf(configs.values()));
    }

    private static Service service(Service s, Map<String, FileObject> secrets, Map<String, FileObject> configs) {
        List<EnvVar> env = new ArrayList<>();
        List<FileReference> secretRefs = new ArrayList<>(s.secrets());
        for (EnvVar e : s.process().environment()) {
            Optional<String> variable = requiredVariable(e);
            if (variable.isEmpty()) {
                env.add(e);
                continue;
            }
            String key = variable.get().toLowerCase(Locale.ROOT);
            env.add(EnvVar.literal(e.name() + "_FILE", IN_CONTAINER_SECRETS + key));
            if (secretRefs.stream().noneMatch(r -> r.source().equals(key))) {
                secretRefs.add(FileReference.of(key));
            }
            secrets.putIfAbsent(key, FileObject.fromFile(key, "./" + SECRETS_DIRECTORY + "/" + key));
        }
        List<VolumeMount> volumes = new ArrayList<>();
        List<FileReference> configRefs = new ArrayList<>(s.configs());
        for (VolumeMount v : s.volumes()) {
            if (v.type() != VolumeMount.Type.BIND) {
                volumes.add(v);
                continue;
            }
            if (!v.readOnly() || !v.source().startsWith("./")) {
                throw new IllegalStateException("service " + s.name() + ": the bind mount " + v.source() + " has no swarm equivalent"
                        + " (only a read-only file beside the stack file becomes a config)");
            }
            String key = v.source().substring(2).replace('.', '_').replace('/', '_');
            configRefs.add(FileReference.at(key, v.target()));
            configs.putIfAbsent(key, FileObject.fromFile(key, v.source()));
        }
        s.tmpfs().forEach(t -> volumes.add(new VolumeMount(VolumeMount.Type.TMPFS, null, t, false)));
        List<PortBinding> ports = s.ports().stream().filter(PortBinding::onAllInterfaces).map(p -> p.withMode(PortBinding.Mode.HOST)).toList();

        Service.Builder b = s.toBuilder()
                .build(null).pullPolicy(null).containerName(null).restart(null).dependsOn(List.of())
                .securityOpt(List.of())
                .environment(env).secrets(secretRefs)
                .volumes(volumes).tmpfs(List.of()).configs(configRefs)
                .ports(ports)
                .endpointMode(Deploy.EndpointMode.DNSRR)
                .restartPolicy(RESTART)
                .resources(withReservation(s.deploy().resources()))
                .placement(placement(s));
        boolean startFirst = s.name().equals(StockTrackerStack.API);
        b.updateConfig(update(startFirst, UpdateConfig.FailureAction.ROLLBACK))
                .rollbackConfig(update(startFirst, UpdateConfig.FailureAction.PAUSE));
        if (s.name().equals(StockTrackerStack.REDIS)) {
            redis(b, s.healthcheck());
        }
        return b.build();
    }

    /**
     * Update one task at a time, then {@code onFailure}. Only the API's replicas start the new task first
     * (no gap in service: nginx has the others and the new one): a data store's volume has one owner, the
     * collector is the only writer, and the frontend's host-mode port cannot be bound twice on a node.
     */
    static UpdateConfig update(boolean startFirst, UpdateConfig.FailureAction onFailure) {
        return UpdateConfig.oneAtATime(startFirst ? UpdateConfig.Order.START_FIRST : UpdateConfig.Order.STOP_FIRST,
                Duration.ofSeconds(startFirst ? 5 : 0), MONITOR, onFailure);
    }

    /** Pinned to the node of its named volume (swarm's local volumes live on one node); the API spread over nodes. */
    private static Placement placement(Service s) {
        List<String> constraints = s.volumes().stream().filter(v -> v.type() == VolumeMount.Type.VOLUME && v.source() != null)
                .map(v -> "node.labels." + volumeLabel(v.source()) + " == true").toList();
        List<String> spread = s.deploy().replicaCount() > 1 ? List.of("node.id") : List.of();
        return new Placement(constraints, spread, null);
    }

    /**
     * A memory reservation of a quarter of the limit: the scheduler places a task only on a node with that
     * much unreserved, so that a node is not filled with more than its memory holds, while the limit stays
     * the ceiling (with 3 API replicas the stack reserves 1 GB in all and is limited to 4 GB). Each is at or
     * above what the task used idle on a single-node swarm (docker stats, 2026-12-07, backend limit 512M then):
     * TimescaleDB 68 MiB of 256M reserved, Redis 7 of 32M, collector 128 and API 109-117 of 160M, nginx 16 of 96M.
     */
    static Resources withReservation(Resources r) {
        if (r == null || r.memoryLimit() == null) {
            return r;
        }
        return r.withMemoryReservation(new MemorySize(r.memoryLimit().bytes() / 4));
    }

    /**
     * Redis takes no password file: its command reads the password from the secret into a configuration
     * given on stdin ({@code redis-server -}, a here-document, so it appears in no argument list and no
     * environment), and the health check passes it in REDISCLI_AUTH.
     */
    private static void redis(Service.Builder b, HealthCheck compose) {
        String file = "\"$$REDIS_PASSWORD_FILE\"";
        b.command(List.of("sh", "-c", "exec redis-server - " + StockTrackerStack.redisArguments(Topology.SCALED) + " <<EOF\n"
                + "requirepass $$(cat " + file + ")\n"
                + "EOF"));
        b.healthcheck(new HealthCheck(new HealthCheck.Shell("REDISCLI_AUTH=\"$$(cat " + file + ")\" redis-cli ping | grep -q PONG"),
                compose.interval(), compose.timeout(), compose.retries(), compose.startPeriod(), compose.startInterval()));
    }

    /** The variable of a value that is exactly one required reference ({@code ${X:?...}}): a secret. */
    private static Optional<String> requiredVariable(EnvVar e) {
        if (e.isPassThrough() || e.value().parts().size() != 1 || !(e.value().parts().get(0) instanceof Interpolated.Ref r) || !r.required()) {
            return Optional.empty();
        }
        return Optional.of(r.name());
    }

    private static String secretFiles(Stack stack) {
        StringBuilder sb = new StringBuilder();
        for (FileObject f : stack.secrets()) {
            sb.append("#   ").append(f.file().substring(2)).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    private static String nodeLabels(Stack stack) {
        StringBuilder sb = new StringBuilder();
        for (Service s : stack.services()) {
            for (String c : s.deploy().placement() == null ? List.<String>of() : s.deploy().placement().constraints()) {
                String label = c.substring("node.labels.".length(), c.indexOf(' '));
                sb.append("#   docker node update --label-add ").append(label).append("=true NODE    (").append(s.name()).append(")\n");
            }
        }
        return sb.toString().stripTrailing();
    }
}
