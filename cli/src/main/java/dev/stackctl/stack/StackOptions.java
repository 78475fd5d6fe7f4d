package dev.stackctl.stack;

/**
 * Options of the stock tracker stack. Host ports are defaults of compose variables, so a user can also
 * override them at run time ({@code FRONTEND_PORT=8080 docker compose up}).
 *
 * @param publishDatabases publish PostgreSQL and Redis on 127.0.0.1 (never on all interfaces)
 * @param topology         one backend process, or a collector and API replicas
 * @param replicas         API replicas of the scaled topology (ignored by the single one)
 * @param retention        how long the database keeps raw data and candles
 */
public record StackOptions(int frontendPort, int backendPort, boolean publishDatabases, int databasePort, int redisPort,
                           Topology topology, int replicas, Retention retention) {

    /** API replicas when none is asked for: enough to lose one and still balance over two. */
    public static final int DEFAULT_REPLICAS = 3;
    /** More would not fit the memory of the machines this runs on (512 MiB each) for no gain on 2 cores. */
    public static final int MAX_REPLICAS = 16;
    public static final StackOptions DEFAULTS = new StackOptions(80, 8000, false, 5432, 6379);

    public StackOptions {
        for (int p : new int[] {frontendPort, backendPort, databasePort, redisPort}) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("host port " + p + " is out of range 1-65535");
            }
        }
        if (topology == null) {
            throw new IllegalArgumentException("topology must be set (single or scaled)");
        }
        if (retention == null) {
            throw new IllegalArgumentException("retention must be set (Retention.DEFAULT: 30 days raw, 365 days candles)");
        }
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("replicas must be between 1 and " + MAX_REPLICAS + ", got " + replicas);
        }
    }

    public StackOptions(int frontendPort, int backendPort, boolean publishDatabases, int databasePort, int redisPort) {
        this(frontendPort, backendPort, publishDatabases, databasePort, redisPort, Topology.SINGLE, DEFAULT_REPLICAS, Retention.DEFAULT);
    }

    public StackOptions withFrontendPort(int port) {
        return new StackOptions(port, backendPort, publishDatabases, databasePort, redisPort, topology, replicas, retention);
    }

    public StackOptions withBackendPort(int port) {
        return new StackOptions(frontendPort, port, publishDatabases, databasePort, redisPort, topology, replicas, retention);
    }

    public StackOptions withPublishDatabases(boolean publish) {
        return new StackOptions(frontendPort, backendPort, publish, databasePort, redisPort, topology, replicas, retention);
    }

    public StackOptions withRetention(Retention r) {
        return new StackOptions(frontendPort, backendPort, publishDatabases, databasePort, redisPort, topology, replicas, r);
    }

    public StackOptions withTopology(Topology t, int n) {
        return new StackOptions(frontendPort, backendPort, publishDatabases, databasePort, redisPort, t, n, retention);
    }
}
