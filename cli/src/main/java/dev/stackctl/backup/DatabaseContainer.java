package dev.stackctl.backup;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.stackctl.engine.DockerEngine;
import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stack's running database container, reached with {@code docker exec}: the PostgreSQL tools
 * (psql, pg_dump, pg_restore) of the image itself, so the host needs none and their versions always
 * match the server. Credentials never leave the container: its own shell expands
 * {@code $POSTGRES_PASSWORD} and friends from the container's environment.
 */
public final class DatabaseContainer {
    /** The service that holds the database in every topology. */
    public static final String SERVICE = "timescaledb";

    /** psql's connection options, expanded by the container's shell (TCP on loopback, as the backend logs in). */
    static final String CONNECT = "-h 127.0.0.1 -U \"${POSTGRES_USER:-postgres}\"";
    /** The stack's database name, expanded by the container's shell. */
    static final String DATABASE = "\"${POSTGRES_DB:-${POSTGRES_USER:-postgres}}\"";
    /** What every shell command run in the container starts with. */
    static final String ENV = "export PGPASSWORD=\"$POSTGRES_PASSWORD\" PGCONNECT_TIMEOUT=10; ";

    private final DockerEngine engine;
    private final String project;
    private final String id;
    private final String name;
    private final String database;

    private DatabaseContainer(DockerEngine engine, String project, String id, String name, String database) {
        this.engine = engine;
        this.project = project;
        this.id = id;
        this.name = name;
        this.database = database;
    }

    /**
     * The project's database container, running and healthy; a one-line error otherwise (the stack is
     * not running, the database is still starting or unhealthy).
     */
    public static DatabaseContainer require(DockerEngine engine, String project, String flags) {
        List<Container> dbs = engine.projectContainers(project).stream().filter(c -> SERVICE.equals(DockerEngine.serviceOf(c))).toList();
        if (dbs.isEmpty()) {
            throw new StackctlException(ExitCode.FAILURE, "the stack " + project + " is not running (no " + SERVICE + " container)",
                    "Start it with ./stackctl up" + flags + " (add --airgap for the local images)");
        }
        Container c = dbs.getFirst();
        InspectContainerResponse i = engine.inspect(c.getId());
        var state = i.getState();
        if (!Boolean.TRUE.equals(state.getRunning())) {
            throw new StackctlException(ExitCode.FAILURE, "the database container of " + project + " is " + state.getStatus()
                    + ", not running", "Start the stack with ./stackctl up" + flags);
        }
        String health = state.getHealth() == null ? "none" : state.getHealth().getStatus();
        if (!"healthy".equals(health)) {
            String probe = state.getHealth() == null || state.getHealth().getLog() == null || state.getHealth().getLog().isEmpty() ? ""
                    : "; last probe: " + String.valueOf(state.getHealth().getLog().getLast().getOutput()).strip();
            throw new StackctlException(ExitCode.UNHEALTHY, "the database of " + project + " is " + health + ", not healthy" + probe,
                    "Wait for it (./stackctl status" + flags + ") or see its log: docker logs " + i.getName().replaceFirst("^/", ""));
        }
        Map<String, String> env = dev.stackctl.verify.StackTarget.env(i);
        String user = env.getOrDefault("POSTGRES_USER", "postgres");
        String db = env.getOrDefault("POSTGRES_DB", user);
        return new DatabaseContainer(engine, project, c.getId(), i.getName().replaceFirst("^/", ""), db);
    }

    public String project() {
        return project;
    }

    public String name() {
        return name;
    }

    /** The stack's database (POSTGRES_DB of the container). */
    public String database() {
        return database;
    }

    /**
     * Runs a psql script in the container against {@code database} (null: the stack's own), stopping at
     * the first error; returns psql's unaligned, tuples-only output, or throws with its last lines.
     */
    public String psql(String databaseName, String script, Duration timeout, String what) {
        String db = databaseName == null ? DATABASE : "\"$STACKCTL_DB\"";
        DockerEngine.ExecResult r = engine.exec(id, List.of("sh", "-c", ENV + "printf '%s\\n' \"$STACKCTL_SQL\" | psql " + CONNECT
                        + " -d " + db + " -X -q -At -v ON_ERROR_STOP=1 2>&1"),
                databaseName == null ? Map.of("STACKCTL_SQL", script) : Map.of("STACKCTL_SQL", script, "STACKCTL_DB", databaseName), timeout);
        if (r.exitCode() != 0) {
            throw new StackctlException(ExitCode.FAILURE, what + " failed in " + name + ": " + lastLines(r.output()),
                    "See the database's log: docker logs " + name);
        }
        return r.output();
    }

    /**
     * {@code docker exec} of a shell command in the container, as an argument list for the docker CLI
     * (used where the data is streamed: a dump out, a dump in).
     */
    public List<String> dockerExec(boolean stdin, Map<String, String> env, String shellCommand) {
        List<String> cmd = new ArrayList<>(List.of("docker", "exec"));
        if (stdin) {
            cmd.add("-i");
        }
        env.forEach((k, v) -> {
            cmd.add("-e");
            cmd.add(k + "=" + v);
        });
        cmd.addAll(List.of(id, "sh", "-c", ENV + shellCommand));
        return cmd;
    }

    /** The last non-empty lines of a tool's output, on one line (for a one-line error). */
    static String lastLines(String output) {
        List<String> lines = output.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "no output";
        }
        String s = String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        return s.length() > 400 ? s.substring(0, 397) + "..." : s;
    }
}
