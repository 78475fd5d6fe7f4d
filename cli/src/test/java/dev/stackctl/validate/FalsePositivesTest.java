package dev.stackctl.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.compose.ComposeReader;
import dev.stackctl.model.PortBinding;
import dev.stackctl.model.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What issue 15 found reported wrongly on files compose accepts, each once. */
class FalsePositivesTest {
    private static List<Finding> findings(String yaml) {
        return Validator.standard().validateFile(yaml, RuleContext.defaults());
    }

    @Test
    void aSecretFilePathIsNotALiteralSecret() {
        assertThat(findings("services:\n  db:\n    image: postgres:17.2\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n      API_TOKEN:\n"))
                .extracting(Finding::ruleId).doesNotContain("literal-secret");
        assertThat(findings("services:\n  db:\n    image: postgres:17.2\n    environment:\n      POSTGRES_PASSWORD: hunter2\n"))
                .extracting(Finding::ruleId).contains("literal-secret");
    }

    @Test
    void healthCheckTimingIsAWarningInAUserFileAndAnErrorForTheStack() throws IOException {
        List<Finding> found = findings(Files.readString(Path.of("src/test/resources/rules/healthcheck-timing/bad.yml")))
                .stream().filter(f -> f.ruleId().equals("healthcheck-timing")).toList();
        assertThat(FindingsPolicy.strict().apply(found)).extracting(Finding::severity).contains(Severity.ERROR);
        assertThat(FindingsPolicy.forUserFiles().apply(found)).hasSize(found.size()).extracting(Finding::severity).containsOnly(Severity.WARNING);
        // what the user says still wins
        assertThat(FindingsPolicy.forUserFiles().with(Map.of("healthcheck-timing", "error"), List.of()).apply(found))
                .extracting(Finding::severity).containsOnly(Severity.ERROR);
    }

    @Test
    void literalSecretNeedsTheSecretWordLast() {
        assertThat(findings("services:\n  app:\n    image: a:1\n    environment:\n      PASSWORD_MIN_LENGTH: 12\n      TOKEN_TTL: 3600\n"))
                .extracting(Finding::ruleId).doesNotContain("literal-secret");
        assertThat(findings("services:\n  app:\n    image: a:1\n    environment:\n      PASSWORD: hunter2\n      API_TOKEN: abc\n      SECRET_KEY: k\n"))
                .filteredOn(f -> f.ruleId().equals("literal-secret")).hasSize(3);
    }

    @Test
    void anImageThatNamesWhatTheBuildMakesIsNotUnpinned() {
        assertThat(findings("services:\n  app:\n    image: myapp\n    build: .\n")).extracting(Finding::ruleId).doesNotContain("unpinned-image");
        assertThat(findings("services:\n  app:\n    image: myapp:stable\n")).filteredOn(f -> f.ruleId().equals("unpinned-image"))
                .singleElement().satisfies(f -> assertThat(f.message()).contains("floating tag 'stable'"));
        assertThat(findings("services:\n  app:\n    image: myapp@sha256:" + "a".repeat(64) + "\n")).extracting(Finding::ruleId).doesNotContain("unpinned-image");
    }

    @Test
    void deployRestartPolicyCountsAsARestartPolicy() {
        assertThat(findings("services:\n  app:\n    image: a:1\n    deploy:\n      restart_policy: {condition: on-failure}\n"))
                .extracting(Finding::ruleId).doesNotContain("restart-policy");
    }

    @Test
    void theExposedPortIsNamedByItsIndexInTheFile() {
        assertThat(findings("services:\n  db:\n    image: postgres:17.2\n    ports: [\"bad\", \"5432:5432\"]\n"))
                .filteredOn(f -> f.ruleId().equals("database-port-exposed"))
                .singleElement().satisfies(f -> {
                    assertThat(f.path()).isEqualTo("services.db.ports[1]");
                    assertThat(f.at().line()).isEqualTo(4);
                });
    }

    @Test
    void aNullOrAMappingWhereOneValueBelongsIsAFindingThatNamesTheFix() {
        assertThat(findings("services:\n  a:\n    image: a:1\n    command: [echo, null]\n    labels:\n      x: {nested: map}\n"))
                .filteredOn(f -> f.ruleId().equals("invalid-value")).extracting(f -> f.path() + " " + f.message())
                .containsExactly("services.a.command[1] value is missing (null); write a value here, or remove the entry",
                        "services.a.labels.x expected a single value, found a mapping; write one string, number or boolean here (quote it if it has ': ')");
    }

    @Test
    void specSyntaxIsReadWithoutLoss() {
        Service s = ComposeReader.read("""
                services:
                  app:
                    image: a:1
                    command: sh -c 'echo "hello world" && sleep 1'
                    ports: ["8080-8090:80-90", "5060:5060/sctp"]
                    volumes: [/app/node_modules]
                    environment: {FROM_SHELL: , EMPTY: ""}
                    healthcheck: {interval: 5s}
                """).stack().service("app").orElseThrow();
        assertThat(s.process().command()).containsExactly("sh", "-c", "echo \"hello world\" && sleep 1");
        assertThat(s.ports()).extracting(PortBinding::targetEnd).containsExactly(90, null);
        assertThat(s.ports().get(1).protocol()).isEqualTo(PortBinding.Protocol.SCTP);
        assertThat(s.volumes().get(0).isAnonymous()).isTrue();
        assertThat(s.env("FROM_SHELL").orElseThrow().isPassThrough()).isTrue();
        assertThat(s.env("EMPTY").orElseThrow().isPassThrough()).isFalse();
        assertThat(s.healthcheck().test()).isNull();
        assertThat(s.healthcheck().interval()).hasSeconds(5);
    }
}
