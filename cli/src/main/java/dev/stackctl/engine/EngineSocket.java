package dev.stackctl.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Image inspection straight over the engine's unix socket with the JDK alone: one HTTP/1.0
 * {@code GET /images/NAME/json} per image (the engine answers without chunking and closes), parsed with
 * Jackson. For the commands that only read a few images ({@code images status}) or one container list
 * ({@code up} deciding what changed): starting the docker-java client costs more than a second here, this
 * a few milliseconds.
 * Only unix sockets; {@link #available()} is false for a TCP {@code DOCKER_HOST}, where callers use
 * {@link DockerEngine}.
 */
public final class EngineSocket {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path socket;

    EngineSocket(Path socket) {
        this.socket = socket;
    }

    /** The engine's socket from {@code DOCKER_HOST} (unix://PATH) or the default, when that is a unix socket. */
    public static Optional<EngineSocket> available() {
        String host = System.getenv("DOCKER_HOST");
        if (host == null || host.isBlank()) {
            return Optional.of(new EngineSocket(Path.of("/var/run/docker.sock")));
        }
        return host.startsWith("unix://") ? Optional.of(new EngineSocket(Path.of(host.substring("unix://".length()))))
                : Optional.empty();
    }

    /** Those of {@code refs} that exist, by ref (as {@link ImageStore#inspectAll}). */
    public Map<String, ImageStore.Info> inspectAll(List<String> refs) {
        Map<String, ImageStore.Info> found = new HashMap<>();
        for (String ref : refs) {
            inspect(ref).ifPresent(i -> found.put(ref, i));
        }
        return found;
    }

    /** The image a tag (or id) names, or empty when there is none. */
    public Optional<ImageStore.Info> inspect(String ref) {
        Response r = get("/images/" + URLEncoder.encode(ref, StandardCharsets.UTF_8) + "/json");
        if (r.status() == 404) {
            return Optional.empty();
        }
        if (r.status() != 200) {
            throw new StackctlException(ExitCode.FAILURE, "the engine answered " + r.status() + " to inspecting image " + ref
                    + ": " + r.body().strip(), "Check the engine with docker image inspect " + ref);
        }
        try {
            return Optional.of(info(JSON.readTree(r.body())));
        } catch (IOException e) {
            throw new StackctlException(ExitCode.INTERNAL, "the engine's answer for image " + ref + " is not JSON (" + e.getMessage() + ")",
                    "Report this with --stacktrace", e);
        }
    }

    /** A container as the engine lists it: {@code image} is the reference it was created from, or its image id when that reference now names another image. */
    public record Container(String id, String state, String image, String imageId, Map<String, String> labels) {
        public Container {
            labels = Map.copyOf(labels);
        }
    }

    /** The containers (stopped ones too) carrying {@code label=value}, e.g. a compose project's. */
    public List<Container> containers(String label, String value) {
        String filter = JSON.createObjectNode().set("label", JSON.createArrayNode().add(label + "=" + value)).toString();
        Response r = get("/containers/json?all=1&filters=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
        if (r.status() != 200) {
            throw new StackctlException(ExitCode.FAILURE, "the engine answered " + r.status() + " to listing containers: " + r.body().strip(),
                    "Check the engine with docker ps -a");
        }
        try {
            return containers(JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new StackctlException(ExitCode.INTERNAL, "the engine's container list is not JSON (" + e.getMessage() + ")",
                    "Report this with --stacktrace", e);
        }
    }

    static List<Container> containers(JsonNode list) {
        List<Container> containers = new ArrayList<>();
        for (JsonNode c : list) {
            containers.add(new Container(c.path("Id").asText(), c.path("State").asText(), c.path("Image").asText(),
                    c.path("ImageID").asText(), labels(c.path("Labels"))));
        }
        return containers;
    }

    private static Map<String, String> labels(JsonNode l) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = l.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            labels.put(e.getKey(), e.getValue().asText());
        }
        return labels;
    }

    static ImageStore.Info info(JsonNode image) {
        Map<String, String> labels = labels(image.path("Config").path("Labels"));
        List<String> layers = new ArrayList<>();
        image.path("RootFS").path("Layers").forEach(n -> layers.add(n.asText()));
        return new ImageStore.Info(image.path("Id").asText(), labels.getOrDefault(ImageBuildCommands.HASH_LABEL, ""), labels,
                image.path("Size").asLong(0), layers);
    }

    record Response(int status, String body) {}

    /** One request on its own connection; the engine closes it after the answer (HTTP/1.0). */
    Response get(String path) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            Thread watchdog = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(TIMEOUT);
                    ch.close(); // unblocks the read below
                } catch (InterruptedException | IOException e) {
                    // answered in time, or already closed
                }
            });
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                ByteBuffer request = ByteBuffer.wrap(("GET " + path + " HTTP/1.0\r\nHost: docker\r\nUser-Agent: stackctl\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                while (request.hasRemaining()) {
                    ch.write(request);
                }
                ByteArrayOutputStream answer = new ByteArrayOutputStream(16_384);
                ByteBuffer buf = ByteBuffer.allocate(16_384);
                while (ch.read(buf) >= 0) {
                    buf.flip();
                    answer.write(buf.array(), 0, buf.limit());
                    buf.clear();
                }
                return parse(answer.toByteArray());
            } finally {
                watchdog.interrupt();
            }
        } catch (IOException e) {
            throw DockerEngine.unavailable("unix://" + socket, e);
        }
    }

    /** Status and body of an HTTP/1.x answer that is not chunked. */
    static Response parse(byte[] answer) throws IOException {
        String text = new String(answer, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            throw new IOException("not an HTTP answer: " + text.substring(0, Math.min(80, text.length())));
        }
        String head = text.substring(0, end);
        if (head.toLowerCase(java.util.Locale.ROOT).contains("\r\ntransfer-encoding: chunked")) {
            throw new IOException("a chunked answer to an HTTP/1.0 request");
        }
        int status = Integer.parseInt(head.substring(9, 12));
        return new Response(status, text.substring(end + 4));
    }
}
