package dev.stackctl.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.model.FileObject;
import dev.stackctl.model.FileReference;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import dev.stackctl.stack.SwarmStack;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Swarm configs are immutable: one made from a generated file is keyed by that file's content. */
class ConfigsKeyedByContentTest {
    private static String sha12(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
    }

    @Test
    void theSwarmStackFileNamesItsNginxConfigByTheRenderedFilesHash() throws Exception {
        Map<String, String> files = GoldenFilesTest.render("swarm");
        String key = "nginx_conf_" + sha12(files.get("nginx.conf"));
        assertThat(files.get("stack.yml")).contains("  " + key + ":\n    file: ./nginx.conf", "- source: " + key + "\n        target: /etc/nginx/nginx.conf")
                .doesNotContain("nginx_conf:");
    }

    @Test
    void aChangedFileIsANewConfigAndItsServicesFollow() {
        Stack stack = SwarmStack.definition().stack();
        Stack a = Generator.configsKeyedByContent(stack, Map.of("nginx.conf", "worker_processes 2;\n"));
        Stack b = Generator.configsKeyedByContent(stack, Map.of("nginx.conf", "worker_processes 3;\n"));
        String keyA = a.configs().get(0).key();
        assertThat(keyA).startsWith("nginx_conf_").isNotEqualTo(b.configs().get(0).key());
        Service frontend = a.service("frontend").orElseThrow();
        assertThat(frontend.configs()).containsExactly(FileReference.at(keyA, "/etc/nginx/nginx.conf"));
        // a config that is no generated file, or has its own name, is left as written
        Stack other = stack.withConfigs(java.util.List.of(FileObject.fromFile("nginx_conf", "./elsewhere.conf")));
        assertThat(Generator.configsKeyedByContent(other, Map.of("nginx.conf", "x"))).isSameAs(other);
    }
}
