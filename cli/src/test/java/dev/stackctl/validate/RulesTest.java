package dev.stackctl.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per rule, from {@code src/test/resources/rules/<rule-id>/}: {@code bad.yml} must produce
 * exactly the findings of {@code expected.txt} ({@code severity path words-in-message}) for that rule,
 * and {@code good.yml} none of them.
 */
class RulesTest {
    private static final Path CASES = Path.of("src/test/resources/rules");

    static Stream<String> ruleIds() {
        List<String> ids = new ArrayList<>(Validator.standard().rules().stream().map(Rule::id).toList());
        ids.add(dev.stackctl.compose.Problem.INVALID_VALUE);
        ids.add(dev.stackctl.compose.KeyCheck.UNKNOWN);
        ids.add(dev.stackctl.compose.KeyCheck.IGNORED);
        ids.add(dev.stackctl.compose.ProjectLoader.INACTIVE_DEPENDENCY);
        return ids.stream();
    }

    @Test
    void everyRuleHasCases() {
        assertThat(ruleIds()).allSatisfy(id -> assertThat(CASES.resolve(id).resolve("bad.yml")).as("cases for rule " + id).exists());
    }

    @ParameterizedTest(name = "{0}: bad.yml breaks it")
    @MethodSource("ruleIds")
    void badFileBreaksTheRule(String ruleId) throws IOException {
        List<Finding> found = findings(ruleId, "bad.yml");
        List<String[]> expected = Files.readAllLines(CASES.resolve(ruleId).resolve("expected.txt"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).map(l -> l.split(" ", 3)).toList();
        assertThat(found).as("findings of %s: %s", ruleId, found).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Finding f = found.get(i);
            String[] e = expected.get(i);
            assertThat(f.severity().label()).as("severity of %s", f).isEqualTo(e[0]);
            assertThat(f.path()).as("path of %s", f).isEqualTo(e[1]);
            assertThat(f.message()).as("message of %s", f).contains(e[2]);
        }
    }

    @ParameterizedTest(name = "{0}: good.yml passes")
    @MethodSource("ruleIds")
    void goodFilePassesTheRule(String ruleId) throws IOException {
        assertThat(findings(ruleId, "good.yml")).isEmpty();
    }

    private static List<Finding> findings(String ruleId, String file) throws IOException {
        String yaml = Files.readString(CASES.resolve(ruleId).resolve(file), StandardCharsets.UTF_8);
        // the swarm rules' cases are stack files, validated for docker stack deploy
        RuleContext context = ruleId.startsWith("swarm-") ? RuleContext.defaults().withTarget(RuleContext.Orchestrator.SWARM, false)
                : RuleContext.defaults();
        return Validator.standard().validateFile(yaml, context).stream().filter(f -> f.ruleId().equals(ruleId)).toList();
    }

    @Test
    void theHostAccessRulesArePlacedAtTheLineAndColumnToFix() {
        List<Finding> found = Validator.standard().validateFile("""
                services:
                  app:
                    build: .
                    image: me/app:1.0
                    privileged: true
                    network_mode: host
                    cap_add: [SYS_ADMIN]
                    container_name: same
                    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]
                  other:
                    image: other:1.0
                    container_name: same
                    security_opt: ["no-new-privileges:true"]
                """, RuleContext.defaults());
        assertThat(found).filteredOn(f -> !List.of("missing-healthcheck", "missing-memory-limit", "restart-policy").contains(f.ruleId()))
                .extracting(f -> f.ruleId() + "@" + f.at()).containsExactlyInAnyOrder(
                        "privileged@5:17", "host-namespace@6:19", "dangerous-capability@7:14", "duplicate-container-name@12:21",
                        "docker-socket@9:15", "build-image-pull-policy@4:12", "no-new-privileges@3:5");
    }

    @Test
    void theStackModelHasNoFindingsAtAll() {
        assertThat(FindingsPolicy.strict().apply(Validator.standard().validate(dev.stackctl.stack.StockTrackerStack.define(), RuleContext.defaults())))
                .isEmpty();
    }

    @Test
    void notYamlIsOneFindingNotACrash() {
        assertThat(Validator.standard().validateFile("services: [unclosed", RuleContext.defaults()))
                .singleElement().satisfies(f -> assertThat(f.ruleId()).isEqualTo("yaml-syntax"));
        assertThat(Validator.standard().validateFile("- a list\n", RuleContext.defaults()))
                .singleElement().satisfies(f -> assertThat(f.message()).contains("mapping"));
    }
}
