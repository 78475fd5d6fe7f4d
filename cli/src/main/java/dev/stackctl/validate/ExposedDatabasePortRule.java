package dev.stackctl.validate;

import dev.stackctl.model.PortBinding;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Databases and caches published on every interface are reachable from the whole network. */
public final class ExposedDatabasePortRule implements Rule {
    /**
     * Data-store images and service names, matched whole against the image's repository name (the part
     * after the last '/', without tag or digest) or the service name: a substring would also take the web
     * tools around them (mongo-express, redis-commander, kafka-ui, postgres-exporter), whose ports are not
     * the data store's.
     */
    private static final Pattern DATA_STORE = Pattern.compile(
            "postgres(ql)?|postgis|timescaledb(-ha)?|redis(-stack(-server)?)?|valkey|mysql|mariadb|mongo(db)?|memcached|cassandra|elasticsearch"
                    + "|opensearch|clickhouse(-server)?|couchdb|influxdb|rabbitmq|kafka|cp-kafka");
    private static final Set<Integer> DATA_PORTS = Set.of(5432, 6379, 3306, 27017, 11211, 9042, 9200, 8123, 5984, 8086, 5672, 9092);

    @Override
    public String id() {
        return "database-port-exposed";
    }

    @Override
    public String description() {
        return "database and cache ports must not be published on all interfaces (bind them to 127.0.0.1)";
    }

    @Override
    public List<Finding> check(Stack stack, RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Service s : stack.services()) {
            String image = s.image() == null ? "" : s.image().resolve(context.variables()).orElse(s.image().toString());
            boolean dataStore = DATA_STORE.matcher(repositoryName(image)).matches() || DATA_STORE.matcher(s.name().toLowerCase(Locale.ROOT)).matches();
            for (int i = 0; i < s.ports().size(); i++) {
                PortBinding b = s.ports().get(i);
                if (b.published() == null || !b.onAllInterfaces()) continue;
                if (dataStore || DATA_PORTS.contains(b.target())) {
                    out.add(Finding.error("services." + s.name() + ".ports[" + i + "]", id(), "'" + s.name() + "' publishes "
                            + (DATA_PORTS.contains(b.target()) ? "data-store port " + b.target() : "port " + b.target() + " of a data store")
                            + " on all interfaces; set host_ip: 127.0.0.1 (or remove the port)"));
                }
            }
        }
        return out;
    }

    /** {@code docker.io/bitnami/redis:7.4@sha256:...} is {@code redis}. */
    static String repositoryName(String image) {
        String name = image.toLowerCase(Locale.ROOT);
        int at = name.indexOf('@');
        if (at >= 0) name = name.substring(0, at);
        name = name.substring(name.lastIndexOf('/') + 1);
        int colon = name.indexOf(':');
        return colon >= 0 ? name.substring(0, colon) : name;
    }
}
