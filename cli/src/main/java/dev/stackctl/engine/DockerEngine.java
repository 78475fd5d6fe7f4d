package dev.stackctl.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Docker engine API (docker-java): inspection, events, exec, logs, stats. Compose lifecycle
 * (build/up/down) goes through {@link ComposeCli}; this is what verify and status read back.
 */
public final class DockerEngine implements Closeable {
    public static final String PROJECT_LABEL = "com.docker.compose.project";
    public static final String SERVICE_LABEL = "com.docker.compose.service";

    private final DockerClient client;
    private final String host;

    private DockerEngine(DockerClient client, String host) {
        this.client = client;
        this.host = host;
    }

    /** Connects and pings; throws DOCKER_UNAVAILABLE with what to do when no engine answers. */
    public static DockerEngine connect() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .connectionTimeout(Duration.ofSeconds(3))
                .responseTimeout(Duration.ofSeconds(60))
                .maxConnections(16)
                .build();
        DockerClient client = DockerClientImpl.getInstance(config, http);
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            try {
                client.close();
            } catch (IOException ignored) {
                // nothing to release
            }
            throw unavailable(config.getDockerHost().toString(), e);
        }
        return new DockerEngine(client, config.getDockerHost().toString());
    }

    static StackctlException unavailable(String host, Throwable cause) {
        return new StackctlException(ExitCode.DOCKER_UNAVAILABLE,
                "no Docker engine answers at " + host + " (" + rootMessage(cause) + ")",
                "Start it (sudo bin/setup starts dockerd on these machines) or set DOCKER_HOST", cause);
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) c = c.getCause();
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    public String host() {
        return host;
    }

    public String serverVersion() {
        return client.versionCmd().exec().getVersion();
    }

    /** The engine's image API (inspect, list, tag, remove, prune) on this connection. */
    public ImageStore images() {
        return new ImageStore(client);
    }

    /** Containers of a compose project (running or not). */
    public List<Container> projectContainers(String project) {
        return client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(PROJECT_LABEL, project)).exec();
    }

    public static String serviceOf(Container c) {
        return c.getLabels() == null ? "" : c.getLabels().getOrDefault(SERVICE_LABEL, "");
    }

    public InspectContainerResponse inspect(String containerId) {
        return client.inspectContainerCmd(containerId).exec();
    }

    public Optional<InspectContainerResponse> tryInspect(String containerId) {
        try {
            return Optional.of(inspect(containerId));
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Output and exit code of a command run inside a container (an argument list, no shell unless asked). */
    public record ExecResult(int exitCode, String output) {}

    public ExecResult exec(String containerId, List<String> command, Duration timeout) {
        return exec(containerId, command, Map.of(), timeout);
    }

    /** Like {@link #exec(String, List, Duration)} with extra environment variables (e.g. PGPASSWORD). */
    public ExecResult exec(String containerId, List<String> command, Map<String, String> env, Duration timeout) {
        ExecCreateCmdResponse created = client.execCreateCmd(containerId)
                .withCmd(command.toArray(String[]::new)).withAttachStdout(true).withAttachStderr(true)
                .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()).exec();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ResultCallback.Adapter<Frame> cb = client.execStartCmd(created.getId()).exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                out.writeBytes(frame.getPayload());
            }
        })) {
            if (!cb.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return new ExecResult(124, out.toString(StandardCharsets.UTF_8) + "\n(timed out after " + timeout.toSeconds() + " s)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ExecResult(130, "interrupted");
        } catch (IOException e) {
            return new ExecResult(1, e.getMessage());
        }
        Long code = client.inspectExecCmd(created.getId()).exec().getExitCodeLong();
        return new ExecResult(code == null ? -1 : code.intValue(), out.toString(StandardCharsets.UTF_8));
    }

    /**
     * Starts a created (or stopped) container; false when it was already running (the engine answers
     * "not modified"), which is not an error: someone else started it first.
     */
    public boolean start(String containerId) {
        try {
            client.startContainerCmd(containerId).exec();
            return true;
        } catch (com.github.dockerjava.api.exception.NotModifiedException e) {
            return false;
        }
    }

    /** The last lines of a container's log (stdout and stderr). */
    public String logsTail(String containerId, int lines) {
        StringBuilder sb = new StringBuilder();
        try (ResultCallback.Adapter<Frame> cb = client.logContainerCmd(containerId).withStdOut(true).withStdErr(true)
                .withTail(lines).exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        sb.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                })) {
            cb.awaitCompletion(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            sb.append("(logs unavailable: ").append(e.getMessage()).append(')');
        }
        return sb.toString();
    }

    /** Engine events of a project between two instants (container create/start/die, health_status...). */
    public List<Event> events(String project, Instant since, Instant until) {
        List<Event> events = new ArrayList<>();
        try (ResultCallback.Adapter<Event> cb = client.eventsCmd()
                .withSince(Long.toString(since.getEpochSecond()))
                // fractional seconds: an "until" rounded up to the next second keeps the stream open
                // (and the caller waiting) until that second has passed
                .withUntil(engineTime(until))
                .withLabelFilter(Map.of(PROJECT_LABEL, project))
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event e) {
                        synchronized (events) {
                            events.add(e);
                        }
                    }
                })) {
            cb.awaitCompletion(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // events are evidence only; an empty list is reported as such
        }
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** An instant as the events API takes it: seconds with a fraction, to the nanosecond. */
    private static String engineTime(Instant t) {
        return String.format(java.util.Locale.ROOT, "%d.%09d", t.getEpochSecond(), t.getNano());
    }

    /** The container events that change what a status poll would see (not the health probes' exec_* events). */
    static final String[] STATE_EVENTS = {"create", "start", "restart", "die", "stop", "kill", "destroy", "health_status"};

    /**
     * Follows a project's container state events from {@code since} on (those since then are replayed
     * first), calling {@code onEvent} on the engine client's thread for each; close the result to stop.
     * Best effort: when the stream breaks, it simply ends, so callers also look again now and then.
     */
    public Closeable followStateEvents(String project, Instant since, Consumer<Event> onEvent) {
        return client.eventsCmd()
                .withSince(engineTime(since))
                .withLabelFilter(Map.of(PROJECT_LABEL, project))
                .withEventTypeFilter(com.github.dockerjava.api.model.EventType.CONTAINER)
                .withEventFilter(STATE_EVENTS)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event e) {
                        String action = e.getAction() == null ? "" : e.getAction();
                        if (!action.startsWith("exec_")) {
                            onEvent.accept(e);
                        }
                    }
                });
    }

    /** One stats sample (memory used); empty when the container is not running. */
    public Optional<Statistics> stats(String containerId) {
        FirstStats cb = new FirstStats();
        try (cb) {
            client.statsCmd(containerId).withNoStream(true).exec(cb);
            cb.awaitCompletion(5, TimeUnit.SECONDS);
            return Optional.ofNullable(cb.first);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static final class FirstStats extends ResultCallback.Adapter<Statistics> {
        private volatile Statistics first;

        @Override
        public void onNext(Statistics s) {
            if (first == null) {
                first = s;
            }
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
