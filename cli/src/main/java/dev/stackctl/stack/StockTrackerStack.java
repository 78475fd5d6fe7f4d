package dev.stackctl.stack;

import dev.stackctl.model.Artifact;
import dev.stackctl.model.Build;
import dev.stackctl.model.Dependency;
import dev.stackctl.model.EnvVar;
import dev.stackctl.model.FileTemplate;
import dev.stackctl.model.HealthCheck;
import dev.stackctl.model.Interpolated;
import dev.stackctl.model.Network;
import dev.stackctl.model.PortBinding;
import dev.stackctl.model.Resources;
import dev.stackctl.model.RestartPolicy;
import dev.stackctl.model.Roles;
import dev.stackctl.model.Security;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import dev.stackctl.model.Ulimit;
import dev.stackctl.model.StackDefinition;
import dev.stackctl.model.Volume;
import dev.stackctl.model.VolumeMount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stock tracker's four services, written once. Everything that wires services together (nginx.conf,
 * the env files, verify's probes) reads names, ports and paths from here.
 */
public final class StockTrackerStack {
    public static final String PROJECT = "stock-tracker";
    public static final String NETWORK = "app-network";
    public static final String PGDATA = "pgdata";
    public static final String REDIS_DATA = "redis-data";

    public static final String BACKEND = "backend";
    /** Scaled topology: the one process that collects, stores and publishes to the Redis streams. */
    public static final String COLLECTOR = "collector";
    /** Scaled topology: the API replicas behind nginx. */
    public static final String API = "api";
    /** The header every backend response carries with the id of the replica that answered. */
    public static final String REPLICA_HEADER = "X-Replica-Id";
    /** The scaled topology's compose project (its own containers, network and volumes). */
    public static final String SCALED_PROJECT = PROJECT + "-scaled";
    public static final String TIMESCALEDB = "timescaledb";
    public static final String REDIS = "redis";
    public static final String FRONTEND = "frontend";
    /**
     * The app images' pull_policy: never. They are built here, never published, so a registry can only hold
     * someone else's image of that name. stackctl up runs {@code docker compose build} (which builds with this
     * policy, a stale image too) and then {@code up --no-build}; a hand {@code docker compose up} builds them
     * when missing and never asks a registry (checked with compose 2.26).
     */
    static final String LOCAL_BUILD_ONLY = "never";

    public static final int BACKEND_PORT = 8000;
    public static final int FRONTEND_CONTAINER_PORT = 8080;
    public static final int POSTGRES_PORT = 5432;
    public static final int REDIS_PORT = 6379;
    public static final String API_PATH = "/api/";
    public static final String WS_PATH = "/ws/";
    public static final String HEALTH_PATH = "/health";
    public static final String NGINX_HEALTH_PATH = "/healthz";
    public static final String STATIC_ROOT = "/usr/share/nginx/html";
    public static final String NGINX_CONF = "nginx.conf";
    /** Present in the app's index.html (its mount point), absent from any nginx default page. */
    public static final String APP_HTML_MARKER = "<div id=\"app\"";
    /** A read-only API endpoint verify calls through the proxy. */
    public static final String API_PROBE_PATH = "/api/symbols";
    /** A WebSocket channel that sends a snapshot on connect. */
    public static final String WS_PROBE_PATH = "/ws/market";
    /** The table whose rows must survive a crash of the backend (chaos check). */
    public static final String TICKS_TABLE = "ticks";

    public static final String TIMESCALEDB_IMAGE = "TIMESCALEDB_IMAGE";
    public static final String REDIS_IMAGE = "REDIS_IMAGE";
    public static final String BACKEND_BASE_IMAGE = "BACKEND_BASE_IMAGE";
    public static final String NODE_IMAGE = "NODE_IMAGE";
    public static final String NGINX_IMAGE = "NGINX_IMAGE";

    private static final String SECRET_HINT = "is not set: run ./stackctl up (it writes generated/.env) or copy generated/.env.example to generated/.env";

    private StockTrackerStack() {}

    /** The stack with default options. */
    public static Stack define() {
        return define(StackOptions.DEFAULTS);
    }

    /** The stack with default options, with its wiring files, build inputs and roles. */
    public static StackDefinition definition() {
        return definition(StackOptions.DEFAULTS);
    }

    /** The stack, the files that wire it together, what its builds need first, and the roles verify probes. */
    public static StackDefinition definition(StackOptions options) {
        Stack stack = define(options);
        boolean scaled = options.topology() == Topology.SCALED;
        List<FileTemplate> files = List.of(
                new FileTemplate(NGINX_CONF, "nginx.conf", nginxValues(stack)),
                new FileTemplate(".env.example", "env.example", Map.of()),
                new FileTemplate(ImageProfile.AIRGAP.envFileName(), "airgap.env", Map.of("images", imagesBlock(ImageProfile.AIRGAP))));
        List<Artifact> artifacts = List.of(new Artifact("backend/target/backend.jar", List.of("backend/src/main", "db/migrations", "backend/pom.xml"),
                List.of("mvnw", "-q", "-B", "-pl", "backend", "package", "-DskipTests")));
        Roles roles = new Roles(
                new Roles.Proxy(FRONTEND, FRONTEND_CONTAINER_PORT, APP_HTML_MARKER, API_PROBE_PATH, "VN30", HEALTH_PATH, WS_PROBE_PATH),
                scaled ? COLLECTOR : BACKEND, new Roles.DataStore(TIMESCALEDB, POSTGRES_PORT), new Roles.DataStore(REDIS, REDIS_PORT), TICKS_TABLE,
                scaled ? new Roles.Replicated(API, REPLICA_HEADER) : null);
        return new StackDefinition(stack, StockTrackerStack.class.getName(), files, artifacts, roles, options.topology().directory());
    }

    /** What templates/nginx.conf needs: ports and paths read from the services, so the proxy matches them. */
    static Map<String, String> nginxValues(Stack stack) {
        Service backend = stack.service(API).or(() -> stack.service(BACKEND)).orElseThrow();
        String backendPort = backend.env("HTTP_PORT").flatMap(e -> e.value().resolve(Map.of()))
                .orElseThrow(() -> new IllegalStateException("the " + backend.name() + " service sets no literal HTTP_PORT"));
        Service frontend = stack.service(FRONTEND).orElseThrow();
        int listen = frontend.ports().stream().mapToInt(PortBinding::target).findFirst()
                .orElseThrow(() -> new IllegalStateException("the frontend service publishes no port"));
        Map<String, String> v = new LinkedHashMap<>();
        v.put("listen_port", Integer.toString(listen));
        v.put("static_root", STATIC_ROOT);
        if (backend.deploy().replicaCount() > 1 || backend.name().equals(API)) {
            // Replicas come and go (killed, restarted, scaled): nginx 1.26 resolves an upstream{} server
            // once, at start, so the name is looked up at request time instead: a variable in proxy_pass
            // and Docker's DNS as resolver. The name resolves to every running replica; nginx starts each
            // request at a random one of the cached addresses and tries the next on a refused connection;
            // a replica that is gone leaves the answer within `valid`.
            v.put("upstream", "resolver " + DOCKER_DNS + " valid=" + DNS_VALID_SECONDS + "s ipv6=off;\n"
                    + "    resolver_timeout 2s;\n"
                    + "    map $host $tracker_backend {\n"
                    + "        default " + backend.name() + ":" + backendPort + ";\n"
                    + "    }");
            v.put("proxy_target", "$tracker_backend");
            v.put("connect_timeout", "1s");
        } else {
            v.put("upstream", "upstream tracker_backend {\n"
                    + "        server " + backend.name() + ":" + backendPort + ";\n"
                    + "        keepalive 16;\n"
                    + "    }");
            v.put("proxy_target", "tracker_backend");
            v.put("connect_timeout", "5s");
        }
        v.put("api_path", API_PATH);
        v.put("ws_path", WS_PATH);
        v.put("health_path", HEALTH_PATH);
        v.put("nginx_health_path", NGINX_HEALTH_PATH);
        v.putAll(FrontDoor.nginxValues(frontend));
        return v;
    }

    /** The env file's lines that select a profile's images. */
    static String imagesBlock(ImageProfile profile) {
        StringBuilder sb = new StringBuilder();
        profile.images().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    public static Stack define(StackOptions options) {
        List<Service> services = switch (options.topology()) {
            case SINGLE -> List.of(timescaledb(options), redis(options), backend(options), frontend(options));
            case SCALED -> List.of(timescaledb(options), redis(options), collector(options), api(options), frontend(options));
        };
        return new Stack(options.topology() == Topology.SCALED ? SCALED_PROJECT : PROJECT, services,
                List.of(Network.bridge(NETWORK)),
                List.of(Volume.local(PGDATA), Volume.local(REDIS_DATA)));
    }

    /** Docker's embedded DNS server, on every user-defined network. */
    static final String DOCKER_DNS = "127.0.0.11";
    /** How long nginx keeps a resolved replica list: a replica gone stops getting new connections after this. */
    static final int DNS_VALID_SECONDS = 2;

    /**
     * Every 10 s once started; every 250 ms while starting, so that a dependent service (backend after
     * the data stores, frontend after the backend) starts within a quarter second of its dependency
     * being ready. Measured with compose up --wait on 2 cores: 1 s gave 8.6-9.1 s to a healthy stack,
     * 250 ms 5.5-6.6 s (bench/stack/RESULTS.md).
     */
    static final Duration START_INTERVAL = Duration.ofMillis(250);

    /*
     * HARDENING, measured on the air-gapped images with cap_drop ALL, read-only root and
     * no-new-privileges (docker run, fresh named volumes):
     * - timescaledb: its entrypoint, started as root, needs SETUID and SETGID to switch to postgres
     *   (setpriv; gosu in the public image: "setresuid failed: Operation not permitted" without them),
     *   and CHOWN, FOWNER and DAC_READ_SEARCH to fix the ownership of a data directory it does not own
     *   (a bind mount). Started as the postgres user on a named volume (created by the engine with
     *   the image's ownership of the data directory, postgres, mode 0700) it needs no capability at
     *   all: initdb, the extension and the server run as that user. So it runs as postgres and the
     *   entrypoint's root branch (chown, setpriv) never runs. It writes the data volume, its socket
     *   and lock file (/var/run/postgresql) and, at initialisation only, mktemp files in /tmp.
     * - redis (user redis), the backend (uid 10001, the image's) and nginx (uid 101, port 8080 > 1023)
     *   need no capability; they write only their data volume or /tmp.
     * Process limits: threads and processes counted in the running stack (ps -eLf in each container),
     * idle and with clients, with headroom: see the constants.
     */
    static final String POSTGRES_USER_NAME = "postgres";
    static final String BACKEND_USER = "10001:10001";
    static final String NGINX_USER = "101:101";
    /** PostgreSQL: max_connections 100 backends + ~10 auxiliary and TimescaleDB workers + parallel workers. */
    static final long TIMESCALEDB_PIDS = 256;
    static final long REDIS_PIDS = 32;
    static final long BACKEND_PIDS = 512;
    static final long FRONTEND_PIDS = 32;
    private static HealthCheck check(HealthCheck.Test test, Duration startPeriod) {
        return new HealthCheck(test, Duration.ofSeconds(10), Duration.ofSeconds(3), 3, startPeriod, START_INTERVAL);
    }

    private static Interpolated image(String variable) {
        return Interpolated.withDefault(variable, ImageProfile.OFFICIAL.image(variable));
    }

    private static Interpolated secret(String variable) {
        return Interpolated.required(variable, variable + " " + SECRET_HINT);
    }

    /**
     * What every service shares: restart policy, memory limit, network, and the hardening: a non-root
     * user, no Linux capabilities at all (none of the four needs one: measured, see HARDENING below),
     * no-new-privileges, a read-only root file system with tmpfs only where the process writes, and a
     * process limit.
     */
    private static Service.Builder common(String name, String memory, String user, long pids, List<String> tmpfs) {
        return Service.builder(name).restart(RestartPolicy.UNLESS_STOPPED)
                .resources(Resources.memory(memory))
                .networks(List.of(NETWORK))
                .user(user)
                .readOnly(true)
                .tmpfs(tmpfs)
                .capDrop(List.of("ALL"))
                .pidsLimit(pids)
                .securityOpt(List.of(Security.NO_NEW_PRIVILEGES));
    }

    static Service timescaledb(StackOptions o) {
        List<PortBinding> ports = o.publishDatabases()
                ? List.of(PortBinding.loopback("POSTGRES_HOST_PORT", o.databasePort(), POSTGRES_PORT)) : List.of();
        return common(TIMESCALEDB, "1G", POSTGRES_USER_NAME, TIMESCALEDB_PIDS, List.of("/tmp", "/var/run/postgresql"))
                .image(image(TIMESCALEDB_IMAGE))
                .environment(List.of(
                        new EnvVar("POSTGRES_USER", Interpolated.withDefault("POSTGRES_USER", "stock")),
                        new EnvVar("POSTGRES_PASSWORD", secret("POSTGRES_PASSWORD")),
                        new EnvVar("POSTGRES_DB", Interpolated.withDefault("POSTGRES_DB", "stocks"))))
                .ports(ports)
                .volumes(List.of(VolumeMount.named(PGDATA, "/var/lib/postgresql/data")))
                .healthcheck(check(new HealthCheck.Shell("pg_isready -h 127.0.0.1 -U \"$${POSTGRES_USER}\" -d \"$${POSTGRES_DB}\""), Duration.ofSeconds(30)))
                .stopGracePeriod(Duration.ofSeconds(20))
                .build();
    }

    /**
     * Redis's memory policy. Single: a cache of the latest snapshot, so the least recently used key may
     * go. Scaled: it carries the collector's streams, its snapshot record and the lease, none of which may
     * ever be evicted (a replica would take a trimmed stream for a hole, a lost lease for a dead
     * collector): noeviction, so a full Redis refuses writes (the collector counts them as unpublished)
     * instead of losing keys. 96 MB holds the five streams at MAXLEN ~2000 (about 46 MB measured, 17 kB
     * per market entry) and the 66 kB record twice over (bench/scaleout/RESULTS.md); AOF fsync every
     * second: at most a second of stream entries lost with the host, which the record covers.
     */
    static String redisPolicy(Topology t) {
        return switch (t) {
            case SINGLE -> "--maxmemory 96mb --maxmemory-policy allkeys-lru";
            case SCALED -> "--maxmemory 96mb --maxmemory-policy noeviction --appendfsync everysec";
        };
    }

    /** Redis's arguments but the password: persistence and the memory policy (the swarm stack passes the password otherwise). */
    static String redisArguments(Topology t) {
        return "--appendonly yes --dir /data " + redisPolicy(t);
    }

    static Service redis(StackOptions o) {
        List<PortBinding> ports = o.publishDatabases()
                ? List.of(PortBinding.loopback("REDIS_HOST_PORT", o.redisPort(), REDIS_PORT)) : List.of();
        return common(REDIS, "128M", "redis", REDIS_PIDS, List.of())
                .image(image(REDIS_IMAGE))
                .command(List.of("sh", "-c", "exec redis-server --requirepass \"$$REDIS_PASSWORD\" " + redisArguments(o.topology())))
                .environment(List.of(new EnvVar("REDIS_PASSWORD", secret("REDIS_PASSWORD"))))
                .ports(ports)
                .volumes(List.of(VolumeMount.named(REDIS_DATA, "/data")))
                .healthcheck(check(new HealthCheck.Shell("redis-cli --no-auth-warning -a \"$$REDIS_PASSWORD\" ping | grep -q PONG"), Duration.ofSeconds(20)))
                .build();
    }

    /** Build contexts are relative to the compose file: generated/ or a directory below it. */
    private static String fromCompose(StackOptions o, String path) {
        return (o.topology().directory().isEmpty() ? "../" : "../../") + path;
    }

    /** The backend's process as every role runs it: one image, one environment, one health check. */
    private static Service.Builder backendParts(StackOptions o, String name, List<EnvVar> roleEnv) {
        List<EnvVar> env = new ArrayList<>(List.of(
                EnvVar.literal("HTTP_PORT", Integer.toString(BACKEND_PORT)),
                EnvVar.of("DATABASE_URL", "jdbc:postgresql://" + TIMESCALEDB + ":" + POSTGRES_PORT + "/${POSTGRES_DB:-stocks}"),
                new EnvVar("DATABASE_USER", Interpolated.withDefault("POSTGRES_USER", "stock")),
                new EnvVar("DATABASE_PASSWORD", secret("POSTGRES_PASSWORD")),
                EnvVar.literal("REDIS_URL", "redis://" + REDIS + ":" + REDIS_PORT),
                new EnvVar("REDIS_PASSWORD", secret("REDIS_PASSWORD"))));
        env.addAll(roleEnv);
        env.addAll(List.of(
                new EnvVar("MARKET_SOURCE", Interpolated.withDefault("MARKET_SOURCE", "simulated")),
                new EnvVar("SESSION_CLOCK", Interpolated.withDefault("SESSION_CLOCK", "open")),
                new EnvVar("CORS_ORIGINS", Interpolated.withDefault("CORS_ORIGINS", "")),
                new EnvVar("LOG_LEVEL", Interpolated.withDefault("LOG_LEVEL", "info")),
                EnvVar.literal("WS_MAX_CLIENTS", Integer.toString(FrontDoor.WS_MAX_CLIENTS)),
                new EnvVar("SSI_CONSUMER_ID", Interpolated.withDefault("SSI_CONSUMER_ID", "")),
                new EnvVar("SSI_CONSUMER_SECRET", Interpolated.withDefault("SSI_CONSUMER_SECRET", ""))));
        return common(name, FrontDoor.BACKEND_MEMORY, BACKEND_USER, BACKEND_PIDS, List.of("/tmp"))
                .build(Build.of(fromCompose(o, "backend")).withArg("BASE_IMAGE", image(BACKEND_BASE_IMAGE)))
                .image(Interpolated.withDefault("BACKEND_IMAGE", "stackctl/stock-backend:0.1.0"))
                .pullPolicy(LOCAL_BUILD_ONLY)
                .environment(env)
                .healthcheck(check(new HealthCheck.Exec(List.of("/usr/local/bin/healthcheck")), Duration.ofSeconds(30)))
                .stopGracePeriod(Duration.ofSeconds(15))
                .ulimits(List.of(Ulimit.of("nofile", FrontDoor.BACKEND_NOFILE)));
    }

    private static List<Dependency> dataStores() {
        return List.of(Dependency.healthy(TIMESCALEDB), Dependency.healthy(REDIS));
    }

    static Service backend(StackOptions o) {
        return backendParts(o, BACKEND, o.retention().environment())
                .ports(List.of(PortBinding.loopback("BACKEND_PORT", o.backendPort(), BACKEND_PORT)))
                .dependsOn(dataStores())
                .build();
    }

    /**
     * Scaled: the collector (source, processor, the only database writer, publisher to the Redis streams
     * under a lease). One replica: a second would only wait as a standby, and the engine restarts this
     * one when it dies (or exits 75 when fenced). Its API stays on 127.0.0.1 for operators.
     */
    static Service collector(StackOptions o) {
        List<EnvVar> env = new ArrayList<>(List.of(EnvVar.literal("BACKEND_ROLE", "collector")));
        env.addAll(o.retention().environment()); // the writer drops old data; API replicas never write
        return backendParts(o, COLLECTOR, env)
                .ports(List.of(PortBinding.loopback("BACKEND_PORT", o.backendPort(), BACKEND_PORT)))
                .dependsOn(dataStores())
                .build();
    }

    /**
     * Scaled: the API replicas. No host port (nginx reaches each on the network; a fixed host port
     * cannot be bound twice) and no container name, so the engine can run N of them. They wait for
     * the collector to be healthy: it migrates the database (replicas never do, and their read-only
     * role comes from a migration) and writes the first snapshot they load.
     */
    static Service api(StackOptions o) {
        return backendParts(o, API, List.of(EnvVar.literal("BACKEND_ROLE", "api")))
                .replicas(o.replicas())
                .dependsOn(List.of(Dependency.healthy(REDIS), Dependency.healthy(COLLECTOR)))
                .build();
    }

    static Service frontend(StackOptions o) {
        Build build = Build.of(fromCompose(o, "frontend"))
                .withArg("NODE_IMAGE", image(NODE_IMAGE))
                .withArg("NGINX_IMAGE", image(NGINX_IMAGE));
        return common(FRONTEND, FrontDoor.FRONTEND_MEMORY, NGINX_USER, FRONTEND_PIDS, List.of("/tmp"))
                .build(build)
                .image(Interpolated.withDefault("FRONTEND_IMAGE", "stackctl/stock-frontend:0.1.0"))
                .pullPolicy(LOCAL_BUILD_ONLY)
                .ports(List.of(PortBinding.variable("FRONTEND_PORT", o.frontendPort(), FRONTEND_CONTAINER_PORT)))
                .volumes(List.of(VolumeMount.bindReadOnly("./" + NGINX_CONF, "/etc/nginx/nginx.conf")))
                .dependsOn(List.of(Dependency.healthy(o.topology() == Topology.SCALED ? API : BACKEND)))
                .ulimits(List.of(Ulimit.of("nofile", FrontDoor.FRONTEND_NOFILE)))
                .healthcheck(check(new HealthCheck.Exec(List.of("wget", "-q", "-O", "/dev/null",
                        "http://127.0.0.1:" + FRONTEND_CONTAINER_PORT + NGINX_HEALTH_PATH)), Duration.ofSeconds(10)))
                .build();
    }
}
