package dev.stackctl.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.model.Service;
import org.junit.jupiter.api.Test;

/** The reader places every problem at its path, line and column, and turns bad input into problems. */
class ComposeReaderTest {

    @Test
    void problemsCarryLineAndColumnOfTheValue() {
        ComposeReader.Result read = ComposeReader.read("""
                services:
                  web:
                    image: nginx:1.27
                    ports:
                      - "8080:80"
                      - "abc"
                    mem_limit: lots
                """);
        assertThat(read.problems()).extracting(p -> p.path() + "@" + p.at()).containsExactlyInAnyOrder(
                "services.web.ports[1]@6:9", "services.web.mem_limit@7:16");
        assertThat(read.locate("services.web.ports[0]")).isEqualTo(new Position(5, 9));
        assertThat(read.locate("services.web.healthcheck.interval")).as("an unwritten path is placed at its closest parent")
                .isEqualTo(new Position(3, 5));
        assertThat(read.locate("(file)")).isEqualTo(Position.START);
    }

    @Test
    void environmentListEntriesArePlacedByTheirKey() {
        ComposeReader.Result read = ComposeReader.read("""
                services:
                  api:
                    image: api:1
                    environment:
                      - A=1
                      - DB_PASSWORD=hunter2
                """);
        assertThat(read.locate("services.api.environment.DB_PASSWORD")).isEqualTo(new Position(6, 9));
    }

    @Test
    void mergeKeysAreAppliedWithOwnKeysWinning() {
        ComposeReader.Result read = ComposeReader.read("""
                x-env: &env
                  A: from-anchor
                  B: from-anchor
                services:
                  api:
                    image: api:1
                    environment:
                      <<: *env
                      B: own
                """);
        assertThat(read.problems()).isEmpty();
        Service api = read.stack().service("api").orElseThrow();
        assertThat(api.env("A").orElseThrow().value().toString()).contains("from-anchor");
        assertThat(api.env("B").orElseThrow().value().toString()).contains("own");
        assertThat(api.env("<<")).isEmpty();
    }

    @Test
    void inputThatUsedToCrashIsAProblemAtItsPath() {
        ComposeReader.Result read = ComposeReader.read("""
                services:
                  a:
                    image: a:1
                    command: [run, null]
                    environment: [A=1, null]
                    env_file: [{required: false}]
                    labels: {team: {name: x}}
                    depends_on: [{b: {condition: service_healthy}}]
                  b:
                    image: b:1
                    depends_on: [b]
                """);
        assertThat(read.problems()).extracting(p -> p.path() + " " + p.ruleId()).containsExactlyInAnyOrder(
                "services.a.command[1] invalid-value",
                "services.a.environment[1] invalid-value",
                "services.a.env_file[0] invalid-value",
                "services.a.labels.team invalid-value",
                "services.a.depends_on[0] invalid-value",
                "services.b.depends_on.b dependency-cycle");
        assertThat(read.problems()).allSatisfy(p -> assertThat(p.at().line()).isGreaterThan(1));
        assertThat(read.stack().serviceNames()).containsExactly("a", "b");
    }

    @Test
    void duplicateKeysAreReportedWhereTheSecondOneIs() {
        ComposeReader.Result read = ComposeReader.read("services:\n  a:\n    image: a:1\n    image: a:2\n");
        assertThat(read.problems()).singleElement().satisfies(p -> {
            assertThat(p.ruleId()).isEqualTo(Problem.YAML_SYNTAX);
            assertThat(p.path()).isEqualTo("services.a.image");
            assertThat(p.at()).isEqualTo(new Position(4, 5));
        });
    }

    @Test
    void aliasBombsAndSelfReferencesAreOneProblemNotAHang() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char prev = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [").append(("*" + prev + ", ").repeat(9)).append('*').append(prev).append("]\n");
        }
        bomb.append("services:\n  s:\n    image: x:1\n    command: *j\n");
        long start = System.nanoTime();
        ComposeReader.Result read = ComposeReader.read(bomb.toString());
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
        assertThat(read.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("expands to more than"));

        ComposeReader.Result loop = ComposeReader.read("services: &s\n  a:\n    image: a:1\n    labels: *s\n");
        assertThat(loop.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("contains it"));
    }

    @Test
    void syntaxErrorsArePlaced() {
        ComposeReader.Result read = ComposeReader.read("services:\n  a:\n    image: [unclosed\n");
        assertThat(read.stack()).isNull();
        assertThat(read.problems()).singleElement().satisfies(p -> {
            assertThat(p.ruleId()).isEqualTo(Problem.YAML_SYNTAX);
            assertThat(p.at().line()).isGreaterThan(1);
        });
    }

    @Test
    void nothingTheIssueListedIsLostOrChangesMeaning() {
        ComposeReader.Result read = ComposeReader.read("""
                services:
                  vpn: {image: vpn:1.0}
                  app:
                    image: app:1.0
                    network_mode: "service:vpn"
                    entrypoint: /bin/entry --flag "a b"
                    command: sh -c 'echo "hello world"'
                    environment:
                      FROM_SHELL:
                      EMPTY: ""
                    secrets:
                      - source: key
                        target: api.key
                        mode: 0440
                  helper: {image: h:1.0, volumes_from: ["app:ro", "container:other"], pid: "service:vpn"}
                  legacy: {image: l:1.0, links: ["helper:h"], depends_on: [vpn]}
                  built:
                    build:
                      context: .
                      dockerfile_inline: "FROM busybox:1.37.0"
                      args: {PASS:, EMPTY: ""}
                networks:
                  shared: {external: true, name: proxy-net}
                volumes:
                  data: {name: demo-data}
                secrets:
                  key: {file: ./key.txt}
                """);
        assertThat(read.problems()).isEmpty();
        var s = read.stack();
        Service app = s.service("app").orElseThrow();
        assertThat(app.dependsOn()).singleElement().satisfies(d -> {
            assertThat(d.service()).isEqualTo("vpn");
            assertThat(d.via()).isEqualTo("network_mode");
        });
        assertThat(app.host().networkService()).isEqualTo("vpn");
        assertThat(app.process().entrypoint()).containsExactly("/bin/entry", "--flag", "a b");
        assertThat(app.process().command()).containsExactly("sh", "-c", "echo \"hello world\"");
        assertThat(app.env("FROM_SHELL").orElseThrow().isPassThrough()).isTrue();
        assertThat(app.env("EMPTY").orElseThrow().value()).hasToString("");
        assertThat(app.secrets()).singleElement().satisfies(f -> {
            assertThat(f.target()).isEqualTo("api.key");
            assertThat(f.mode()).isEqualTo(0440);
        });
        assertThat(s.service("helper").orElseThrow().dependsOn()).extracting(d -> d.service() + " via " + d.via())
                .containsExactlyInAnyOrder("app via volumes_from", "vpn via pid");
        assertThat(s.service("legacy").orElseThrow().dependsOn()).extracting(d -> d.service() + " via " + d.via())
                .containsExactly("vpn via null", "helper via links");
        var build = s.service("built").orElseThrow().build();
        assertThat(build.dockerfileInline()).isEqualTo("FROM busybox:1.37.0");
        assertThat(build.args()).containsEntry("PASS", null).containsKey("EMPTY");
        assertThat(build.args().get("EMPTY")).hasToString("");
        assertThat(s.networks()).singleElement().satisfies(n -> {
            assertThat(n.external()).isTrue();
            assertThat(n.engineName()).isEqualTo("proxy-net");
        });
        assertThat(s.volumes()).singleElement().satisfies(v -> assertThat(v.engineName()).isEqualTo("demo-data"));
    }

    @Test
    void aCycleThroughImpliedDependenciesIsFound() {
        var findings = dev.stackctl.validate.Validator.standard().validateFile("""
                services:
                  a: {image: a:1.0, network_mode: "service:b"}
                  b: {image: b:1.0, volumes_from: [c]}
                  c: {image: c:1.0, links: [a]}
                """, dev.stackctl.validate.RuleContext.defaults());
        assertThat(findings).filteredOn(f -> f.ruleId().equals("dependency-cycle")).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("a -> b -> c -> a", "a's network_mode", "b's volumes_from", "c's links");
            assertThat(f.path()).isEqualTo("services.a.network_mode");
            assertThat(f.at()).isEqualTo(new Position(2, 35));
        });
    }
}
