package dev.stackctl.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.stackctl.TestProject;
import dev.stackctl.compose.Position;
import dev.stackctl.compose.ProjectLoader;
import dev.stackctl.validate.CiReports.FileFindings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI formats: SARIF checked against the SARIF 2.1.0 JSON schema (as @microsoft/jest-sarif ships it,
 * an independent oracle), on findings of every kind (errors, warnings, notes, from another file, without a
 * position); GitHub workflow commands parsed back to what they stand for.
 */
class CiReportsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Findings of real files: every severity, every rule family, a value from an extends file, a finding without a place. */
    private static List<FileFindings> realFindings(Path dir) throws IOException {
        List<FileFindings> out = new ArrayList<>();
        Validator v = Validator.standard();
        for (String rule : List.of("unknown-key", "docker-socket", "literal-secret", "missing-healthcheck", "dependency-cycle")) {
            Path f = Path.of("src/test/resources/rules", rule, "bad.yml");
            List<Finding> found = FindingsPolicy.forUserFiles().apply(v.validateFile(Files.readString(f, StandardCharsets.UTF_8), RuleContext.defaults()));
            out.add(new FileFindings(f.toString(), found));
        }
        Files.createDirectories(dir.resolve("base"));
        Files.writeString(dir.resolve("base/common.yml"), "services:\n  common:\n    image: app:1.0\n    mem_limit: lots\n");
        Path project = Files.writeString(dir.resolve("compose.yml"), "services:\n  web:\n    extends: {file: base/common.yml, service: common}\n");
        ProjectLoader.Project p = ProjectLoader.load(List.of(project), ProjectLoader.Options.none());
        List<Finding> found = new ArrayList<>(v.validate(p.read(), RuleContext.defaults()));
        found.add(Finding.error("(file)", ComposeConfigCheck.RULE, "docker compose rejected the file: 50% of it, \"quoted\"\nsecond line"));
        out.add(new FileFindings("dir with space/compose.yml", found));
        return out;
    }

    @Test
    void sarifIsValidAgainstTheSarif210Schema(@TempDir Path dir) throws IOException {
        List<FileFindings> files = realFindings(dir);
        assertThat(files.stream().flatMap(f -> f.findings().stream()).map(Finding::severity).distinct()).containsExactlyInAnyOrder(Severity.values());
        assertThat(files.stream().flatMap(f -> f.findings().stream()).anyMatch(f -> f.at() != null && f.at().file() != null))
                .as("a finding placed in another file").isTrue();
        String sarif = JSON.writeValueAsString(CiReports.sarif(files, Validator.standard().rules(), "test"));
        Path schemaFile = TestProject.sarifSchema();
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                .getSchema(SchemaLocation.of(schemaFile.toUri().toString()), Files.readString(schemaFile, StandardCharsets.UTF_8), InputFormat.JSON);
        List<Error> errors = schema.validate(sarif, InputFormat.JSON);
        assertThat(errors).as("SARIF schema errors").isEmpty();

        // beyond the schema: every result names a rule the driver lists, at the index it gives, with a file and its place
        JsonNode run = JSON.readTree(sarif).get("runs").get(0);
        JsonNode rules = run.get("tool").get("driver").get("rules");
        for (JsonNode r : run.get("results")) {
            assertThat(r.has("ruleIndex")).as("ruleIndex of %s", r).isTrue();
            assertThat(rules.get(r.get("ruleIndex").asInt()).get("id").asText()).isEqualTo(r.get("ruleId").asText());
            JsonNode loc = r.get("locations").get(0).get("physicalLocation");
            assertThat(loc.get("artifactLocation").get("uri").asText()).doesNotContain(" ");
        }
        assertThat(sarif).contains("\"uri\":\"dir%20with%20space/compose.yml\"", "base/common.yml");
    }

    @Test
    void schemaCatchesABrokenReport() throws IOException {
        // the oracle can fail: a level SARIF does not have is rejected
        Path schemaFile = TestProject.sarifSchema();
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                .getSchema(SchemaLocation.of(schemaFile.toUri().toString()), Files.readString(schemaFile, StandardCharsets.UTF_8), InputFormat.JSON);
        Map<String, Object> report = CiReports.sarif(List.of(new FileFindings("a.yml",
                List.of(Finding.warning("services.a", "x", "m").at(new Position(1, 1))))), List.of(), "test");
        String broken = JSON.writeValueAsString(report).replace("\"level\":\"warning\"", "\"level\":\"notice\"");
        assertThat(schema.validate(broken, InputFormat.JSON)).isNotEmpty();
    }

    private static final Pattern COMMAND = Pattern.compile("::(error|warning|notice) file=([^,:]*)(?:,line=(\\d+),col=(\\d+))?,title=([^:]*)::(.*)");

    @Test
    void githubAnnotationsParseBackToTheFindings(@TempDir Path dir) throws IOException {
        List<FileFindings> files = realFindings(dir);
        String out = CiReports.github(files);
        List<Finding> all = files.stream().flatMap(f -> f.findings().stream()).toList();
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSameSizeAs(all);
        int i = 0;
        for (FileFindings ff : files) {
            for (Finding f : ff.findings()) {
                Matcher m = COMMAND.matcher(lines.get(i++));
                assertThat(m.matches()).as("workflow command %s", lines.get(i - 1)).isTrue();
                assertThat(m.group(1)).isEqualTo(switch (f.severity()) {
                    case ERROR -> "error";
                    case WARNING -> "warning";
                    case NOTE -> "notice";
                });
                String file = f.at() != null && f.at().file() != null ? f.at().file() : ff.file();
                assertThat(unescape(m.group(2))).isEqualTo(file);
                if (f.at() != null) {
                    assertThat(m.group(3)).isEqualTo(String.valueOf(f.at().line()));
                    assertThat(m.group(4)).isEqualTo(String.valueOf(f.at().column()));
                } else {
                    assertThat(m.group(3)).isNull();
                }
                assertThat(unescape(m.group(5))).isEqualTo("stackctl " + f.ruleId());
                assertThat(unescape(m.group(6))).isEqualTo(f.path() + ": " + f.message());
            }
        }
        assertThat(out).contains("50%25 of it", "%0Asecond line");
    }

    private static String unescape(String s) {
        return s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%");
    }
}
