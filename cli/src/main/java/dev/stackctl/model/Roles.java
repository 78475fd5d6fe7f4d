package dev.stackctl.model;

import java.util.List;
import java.util.Objects;

/**
 * What a stack's services are for, as far as verification needs to know and no compose key says: which
 * service is the front door and where to probe through it, which one is the application (its environment
 * holds the data stores' credentials and it writes the rows that must survive a crash), and which ones
 * are the database and the cache. Verify reads these facts from here, never from constants.
 *
 * @param app          the application service: its environment holds DATABASE_USER, DATABASE_URL,
 *                     DATABASE_PASSWORD and REDIS_PASSWORD
 * @param growingTable a table the application keeps writing to; rows in it must survive any crash
 * @param replicated   the service whose replicas answer the proxy's API and WebSocket calls (each names
 *                     itself in a response header), or null when the application answers them itself
 */
public record Roles(Proxy proxy, String app, DataStore database, DataStore cache, String growingTable, Replicated replicated) {

    /** A service run as several replicas behind the proxy; {@code replicaHeader} carries the answering one's id. */
    public record Replicated(String service, String replicaHeader) {
        public Replicated {
            Names.requireResourceName(service, "service");
            Objects.requireNonNull(replicaHeader, "replicaHeader");
        }
    }

    public Roles(Proxy proxy, String app, DataStore database, DataStore cache, String growingTable) {
        this(proxy, app, database, cache, growingTable, null);
    }

    public Roles {
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(cache, "cache");
        Names.requireResourceName(app, "service");
    }

    /**
     * The front door: the service and container port that serve the app, a marker present in the app's
     * HTML, the path of a read-only API call and a text its answer contains, the health endpoint and a WebSocket channel that sends
     * a message on connect.
     */
    public record Proxy(String service, int containerPort, String appHtmlMarker, String apiProbePath, String apiProbeMarker, String healthPath,
                        String webSocketProbePath) {
        public Proxy {
            Names.requireResourceName(service, "service");
            if (containerPort < 1 || containerPort > 65535) {
                throw new IllegalArgumentException("proxy container port " + containerPort + " is out of range 1-65535");
            }
        }
    }

    /** A data store: its service and the port it listens on inside the network. */
    public record DataStore(String service, int port) {
        public DataStore {
            Names.requireResourceName(service, "service");
        }
    }

    /** The services that hold state or serve it: application, database and cache (not the proxy). */
    public List<String> backingServices() {
        return replicated == null ? List.of(database.service(), cache.service(), app)
                : List.of(database.service(), cache.service(), app, replicated.service());
    }
}
