package dev.stackctl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackctl.model.ProjectLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.jar.JarFile;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code images sbom} on real images: each document is valid against the CycloneDX 1.6 schema the
 * CycloneDX library ships, lists exactly as many Debian packages as {@code dpkg-query -W} in the
 * image, and the jar and npm lock of application images add their Maven and npm components.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageSbomIT {
    private final String sfx = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    private final ContainerCli cli = new ContainerCli();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void baseImages() {
        BaseImages.ensureBuilt(ProjectLayout.locate(), ProgressSink.printingTo(new PrintWriter(System.err, true)));
    }

    @AfterAll
    void cleanUp() {
        cli.close();
    }

    private static com.networknt.schema.Schema schema;

    /**
     * The CycloneDX 1.6 JSON schema exactly as the CycloneDX library ships it (with the SPDX and JSF
     * schemas it refers to), checked by the networknt validator the tests use elsewhere. (The
     * library's own JsonParser.validate is built against an older networknt release than this
     * build's, so it cannot be called here.) The "$id"s are dropped so that the relative references
     * resolve to the copies beside it instead of the network.
     */
    private static synchronized com.networknt.schema.Schema schema() throws IOException {
        if (schema == null) {
            Path dir = Files.createTempDirectory("stackctl-cdx-schema-");
            for (String name : List.of("bom-1.6.schema.json", "spdx.schema.json", "jsf-0.82.schema.json")) {
                try (var in = JsonParser.class.getClassLoader().getResourceAsStream(name)) {
                    assertThat(in).as(name + " in cyclonedx-core-java").isNotNull();
                    String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                            .replaceFirst("\"\\$id\"\\s*:\\s*\"[^\"]*\",", "");
                    Files.writeString(dir.resolve(name), text);
                }
            }
            Path bom = dir.resolve("bom-1.6.schema.json");
            schema = com.networknt.schema.SchemaRegistry.withDefaultDialect(com.networknt.schema.SpecificationVersion.DRAFT_7)
                    .getSchema(com.networknt.schema.SchemaLocation.of(bom.toUri().toString()), Files.readString(bom),
                            com.networknt.schema.InputFormat.JSON);
        }
        return schema;
    }

    private static void assertValid(String doc) throws IOException {
        List<String> problems = schema().validate(doc, com.networknt.schema.InputFormat.JSON).stream()
                .map(com.networknt.schema.Error::toString).toList();
        assertThat(problems).as("CycloneDX 1.6 schema").isEmpty();
    }

    @Test
    void theSchemaCheckCanFail() throws IOException {
        String doc = ImageSbom.json("stackctl/redis:8.0").replaceFirst("\"type\" : \"library\"", "\"type\" : \"not-a-type\"");
        assertThat(schema().validate(doc, com.networknt.schema.InputFormat.JSON)).isNotEmpty();
    }

    private List<JsonNode> components(JsonNode bom, String type) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : bom.path("components")) {
            for (JsonNode p : c.path("properties")) {
                if (p.path("name").asText().equals("dev.stackctl:package-type") && p.path("value").asText().equals(type)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"stackctl/redis:8.0", "stackctl/nginx:1.26", "stackctl/jre:21", "stackctl/timescaledb:2.19-pg17", "stackctl/node:20"})
    void everyDebianPackageOfTheImageIsAComponent(String image) throws IOException {
        String doc = ImageSbom.json(image);
        assertValid(doc);
        JsonNode bom = json.readTree(doc);
        assertThat(bom.path("specVersion").asText()).isEqualTo("1.6");
        assertThat(bom.path("metadata").path("component").path("name").asText()).isEqualTo(image);
        List<String> dpkg = cli.ok("run", "--rm", "--entrypoint", "dpkg-query", "--name", cli.container("stackctl-it-sbom-" + sfx
                + "-" + ThreadLocalRandom.current().nextInt(1 << 20)), image, "-W").lines().toList();
        List<JsonNode> debs = components(bom, "deb");
        assertThat(debs).hasSize(dpkg.size());
        for (JsonNode c : debs) {
            String arch = c.path("properties").findValues("value").get(1).asText();
            assertThat(c.path("purl").asText()).startsWith("pkg:deb/debian/" + c.path("name").asText() + "@").endsWith("?arch=" + arch);
        }
        // one with a source package of another name: libc6 comes from glibc
        assertThat(debs).anySatisfy(c -> {
            assertThat(c.path("name").asText()).isEqualTo("libc6");
            assertThat(c.path("properties").toString()).contains("\"dev.stackctl:deb:source\",\"value\":\"glibc\"");
        });
    }

    @Test
    void anImageWithTheApplicationJarListsItsMavenArtifacts(@TempDir Path ctx) throws IOException {
        Path jar = ProjectLayout.locate().root().resolve("cli/target/stackctl.jar");
        assertThat(jar).as("built by the package phase before the integration tests").isRegularFile();
        Files.copy(jar, ctx.resolve("app.jar"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM stackctl/jre:21\nCOPY app.jar " + ImageSbom.JAR + "\n");
        String tag = cli.image("stackctl-it-sbom-jar:" + sfx);
        ExternalProcess.Result b = cli.docker(Duration.ofMinutes(3), "build", "-t", tag, ctx.toString());
        assertThat(b.ok()).as(b.describeFailure()).isTrue();
        long poms;
        try (JarFile jf = new JarFile(jar.toFile())) {
            poms = Collections.list(jf.entries()).stream().filter(e -> e.getName().matches("META-INF/maven/[^/]+/[^/]+/pom\\.properties")).count();
        }
        String doc = ImageSbom.json(tag);
        assertValid(doc);
        List<JsonNode> maven = components(json.readTree(doc), "maven");
        assertThat(maven).hasSize((int) poms);
        assertThat(maven).anySatisfy(c -> assertThat(c.path("purl").asText()).startsWith("pkg:maven/com.github.docker-java/docker-java-api@"));
        assertThat(components(json.readTree(doc), "deb")).hasSizeGreaterThan(50);
    }

    @Test
    void anImageWithTheFrontendsLockListsItsProductionNpmPackages(@TempDir Path ctx) throws IOException {
        Files.copy(ProjectLayout.locate().root().resolve("frontend/package-lock.json"), ctx.resolve("package-lock.json"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM stackctl/nginx:1.26\nCOPY package-lock.json " + ImageSbom.NPM_LOCK + "\n");
        String tag = cli.image("stackctl-it-sbom-npm:" + sfx);
        ExternalProcess.Result b = cli.docker(Duration.ofMinutes(3), "build", "-t", tag, ctx.toString());
        assertThat(b.ok()).as(b.describeFailure()).isTrue();
        String doc = ImageSbom.json(tag);
        assertValid(doc);
        List<String> npm = components(json.readTree(doc), "npm").stream().map(c -> c.path("purl").asText()).toList();
        assertThat(npm).anyMatch(p -> p.startsWith("pkg:npm/lightweight-charts@5."))
                .noneMatch(p -> p.startsWith("pkg:npm/vite@")).noneMatch(p -> p.startsWith("pkg:npm/typescript@"));
    }

    @Test
    void anUnknownImageIsAOneLineUsageError() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ImageSbom.json("stackctl-it/no-such-image:" + sfx)))
                .isInstanceOf(dev.stackctl.error.StackctlException.class)
                .hasMessage("IMAGE: no image 'stackctl-it/no-such-image:" + sfx + "' on this engine");
    }
}
