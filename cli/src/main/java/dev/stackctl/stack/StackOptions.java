package dev.stackctl.stack;

/**
 * Options of the stock tracker stack. Host ports are defaults of compose variables, so a user can also
 * override them at run time ({@code FRONTEND_PORT=8080 docker compose up}).
 *
 * @param publishDatabases publish PostgreSQL and Redis on 127.0.0.1 (never on all interfaces)
 */
public record StackOptions(int frontendPort, int backendPort, boolean publishDatabases, int databasePort, int redisPort) {

    public static final StackOptions DEFAULTS = new StackOptions(80, 8000, false, 5432, 6379);

    public StackOptions {
        for (int p : new int[] {frontendPort, backendPort, databasePort, redisPort}) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("host port " + p + " is out of range 1-65535");
            }
        }
    }

    public StackOptions withFrontendPort(int port) {
        return new StackOptions(port, backendPort, publishDatabases, databasePort, redisPort);
    }

    public StackOptions withBackendPort(int port) {
        return new StackOptions(frontendPort, port, publishDatabases, databasePort, redisPort);
    }

    public StackOptions withPublishDatabases(boolean publish) {
        return new StackOptions(frontendPort, backendPort, publish, databasePort, redisPort);
    }
}
