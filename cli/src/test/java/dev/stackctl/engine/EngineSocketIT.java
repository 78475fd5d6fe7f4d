package dev.stackctl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.TestProject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The JDK-only socket reads the same image metadata as docker-java, on the real engine; a missing image
 * is empty; a label filter lists exactly the containers carrying the label (one created, never started).
 */
class EngineSocketIT {

    @Test
    void seesWhatDockerJavaSees() throws Exception {
        EngineSocket socket = EngineSocket.available().orElseThrow(() -> new AssertionError("DOCKER_HOST is not a unix socket here"));
        List<String> tags = new BaseImages(TestProject.layout()).recipes().stream().map(ImageRecipe::tag).toList();
        try (DockerEngine engine = DockerEngine.connect()) {
            var viaDockerJava = engine.images().inspectAll(tags);
            assertThat(viaDockerJava).as("base images built (./stackctl images build)").isNotEmpty();
            assertThat(socket.inspectAll(tags)).isEqualTo(viaDockerJava);
        }
        assertThat(socket.inspect("stackctl/no-such-image:0")).isEmpty();
    }

    @Test
    void listsTheContainersOfALabel() throws Exception {
        EngineSocket socket = EngineSocket.available().orElseThrow(() -> new AssertionError("DOCKER_HOST is not a unix socket here"));
        String project = "stackctl-socket-" + UUID.randomUUID().toString().substring(0, 8);
        String image = new BaseImages(TestProject.layout()).recipes().stream().map(ImageRecipe::tag).filter(t -> t.contains("redis"))
                .findFirst().orElseThrow();
        assertThat(socket.containers(DockerEngine.PROJECT_LABEL, project)).isEmpty();
        String id = docker("create", "--label", DockerEngine.PROJECT_LABEL + "=" + project, "--label", "x.test=a b", image).strip();
        String volumes = docker("inspect", "-f", "{{range .Mounts}}{{.Name}} {{end}}", id).strip();
        try {
            List<EngineSocket.Container> listed = socket.containers(DockerEngine.PROJECT_LABEL, project);
            assertThat(listed).hasSize(1);
            EngineSocket.Container c = listed.get(0);
            assertThat(c.id()).isEqualTo(id);
            assertThat(c.state()).isEqualTo("created");
            assertThat(c.image()).isEqualTo(image);
            assertThat(c.imageId()).isEqualTo(socket.inspect(image).orElseThrow().id());
            assertThat(c.labels()).containsEntry("x.test", "a b").containsEntry(DockerEngine.PROJECT_LABEL, project);
        } finally {
            docker("rm", "-f", "-v", id); // -v: the image declares a VOLUME, which would be left behind
        }
        assertThat(socket.containers(DockerEngine.PROJECT_LABEL, project)).isEmpty();
        // the image's VOLUME gave the container an anonymous volume: it goes with the container
        assertThat(volumes).as("the container's anonymous volume").isNotBlank();
        assertThat(docker("volume", "ls", "-q").lines()).doesNotContainAnyElementsOf(List.of(volumes.split(" ")));
    }

    private static String docker(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        ExternalProcess.Result r = new ExternalProcess(command, Path.of("").toAbsolutePath(), Map.of(), Duration.ofSeconds(30)).run();
        assertThat(r.exitCode()).as("%s: %s", command, r.stderr()).isZero();
        return r.stdout();
    }
}
