package dev.stackctl.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EngineSocketTest {

    @Test
    void readsStatusAndBodyOfAnHttp10Answer() throws IOException {
        EngineSocket.Response r = EngineSocket.parse(("HTTP/1.0 404 Not Found\r\nApi-Version: 1.45\r\nContent-Type: application/json\r\n\r\n"
                + "{\"message\":\"No such image: x:1\"}\n").getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).contains("No such image");
    }

    @Test
    void refusesWhatIsNotAPlainHttpAnswer() {
        assertThatThrownBy(() -> EngineSocket.parse("garbage".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not an HTTP answer");
        assertThatThrownBy(() -> EngineSocket.parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("chunked");
    }

    @Test
    void takesTheLabelsSizeAndLayersOfAnInspectAnswer() throws IOException {
        ImageStore.Info info = EngineSocket.info(new ObjectMapper().readTree("""
                {"Id":"sha256:abc","Size":84800000,"Config":{"Labels":{"dev.stackctl.recipe-hash":"c9ad533d5e4f","dev.stackctl.dpkg":"redis-server:amd64=5:8.0.2-3"}},
                 "RootFS":{"Type":"layers","Layers":["sha256:l1","sha256:l2"]}}"""));
        assertThat(info.id()).isEqualTo("sha256:abc");
        assertThat(info.recipeHash()).isEqualTo("c9ad533d5e4f");
        assertThat(info.labels()).containsEntry(ImageBuildCommands.DPKG_LABEL, "redis-server:amd64=5:8.0.2-3");
        assertThat(info.sizeBytes()).isEqualTo(84_800_000);
        assertThat(info.layers()).containsExactly("sha256:l1", "sha256:l2");
        assertThat(EngineSocket.info(new ObjectMapper().readTree("{\"Id\":\"sha256:x\",\"Config\":{\"Labels\":null}}")).labels()).isEmpty();
    }

    @Test
    void takesStateImageAndLabelsOfAContainerList() throws IOException {
        var containers = EngineSocket.containers(new ObjectMapper().readTree("""
                [{"Id":"c1","Image":"stackctl/redis:8.0","ImageID":"sha256:r","State":"running",
                  "Labels":{"com.docker.compose.service":"redis","com.docker.compose.config-hash":"h1"}},
                 {"Id":"c2","Image":"sha256:old","ImageID":"sha256:old","State":"exited","Labels":{}}]"""));
        assertThat(containers).containsExactly(
                new EngineSocket.Container("c1", "running", "stackctl/redis:8.0", "sha256:r",
                        java.util.Map.of("com.docker.compose.service", "redis", "com.docker.compose.config-hash", "h1")),
                new EngineSocket.Container("c2", "exited", "sha256:old", "sha256:old", java.util.Map.of()));
    }
}
