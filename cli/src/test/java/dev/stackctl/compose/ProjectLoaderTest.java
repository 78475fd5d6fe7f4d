package dev.stackctl.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.model.EnvVar;
import dev.stackctl.model.Interpolated;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The effective project: extends (same file and other files), include, several -f files merged in
 * compose's order with !reset and !override, env files and profiles. The expectations are what
 * {@code docker compose config} prints for the same files (ComposeRoundTripIT compares the two).
 */
class ProjectLoaderTest {
    private static final Path PROJECTS = Path.of("src/test/resources/corpus/projects");
    private static final Path ACCEPTED = Path.of("src/test/resources/corpus/accepted");

    private static Stack load(List<Path> files, List<String> profiles) throws IOException {
        ProjectLoader.Project p = ProjectLoader.load(files, new ProjectLoader.Options(List.of(), profiles, Map.of()));
        assertThat(p.read().problems()).as("problems").isEmpty();
        return p.read().stack();
    }

    private static Service service(Stack s, String name) {
        return s.service(name).orElseThrow(() -> new AssertionError("no service " + name + " in " + s.serviceNames()));
    }

    private static String env(Service s, String name) {
        return s.env(name).map(EnvVar::value).map(Interpolated::toString).orElse(null);
    }

    @Test
    void extendsInTheSameFileAndFromAnotherFile() throws IOException {
        Stack s = load(List.of(ACCEPTED.resolve("extends.yml")), List.of());
        Service worker = service(s, "worker");
        assertThat(worker.image()).hasToString("python:3.13.1");
        assertThat(env(worker, "LOG_LEVEL")).isEqualTo("info");
        assertThat(worker.restart()).hasToString("unless-stopped");
        assertThat(worker.process().command()).containsExactly("python", "worker.py");
        assertThat(service(s, "other").build().context()).isEqualTo(".");
        assertThat(service(s, "other").labels()).containsEntry("tier", "common");
    }

    @Test
    void anExtendsBaseInAnotherDirectoryKeepsItsPathsRelativeToItself() throws IOException {
        Stack s = load(List.of(PROJECTS.resolve("extends-dir/compose.yml")), List.of());
        Service web = service(s, "web");
        assertThat(web.build().context()).isEqualTo("./base/ctx");
        assertThat(web.process().envFiles()).extracting(f -> f.path()).containsExactly("./base/common.env");
        assertThat(web.volumes().get(0).source()).isEqualTo("./base/conf");
        assertThat(env(web, "ROLE")).isEqualTo("web");
        Service worker = service(s, "worker"); // extends web, which extends common: two levels
        assertThat(env(worker, "ROLE")).isEqualTo("worker");
        assertThat(env(worker, "LOG")).isEqualTo("info");
        assertThat(worker.image()).hasToString("web:1.0");
    }

    @Test
    void includeBringsTheIncludedServicesAndResources() throws IOException {
        Stack s = load(List.of(PROJECTS.resolve("include-dir/compose.yml")), List.of());
        assertThat(s.serviceNames()).containsExactlyInAnyOrder("app", "db");
        assertThat(service(s, "db").volumes().get(0).source()).isEqualTo("./db/init");
        assertThat(s.volumes()).extracting(v -> v.name()).containsExactly("pg");
        Stack withSecret = load(List.of(ACCEPTED.resolve("include.yml")), List.of());
        assertThat(withSecret.secrets()).extracting(f -> f.key()).containsExactly("db_password");
    }

    @Test
    void filesMergeInOrderWithResetAndOverrideAndTheDotEnvFile() throws IOException {
        Path dir = PROJECTS.resolve("override");
        ProjectLoader.Project p = ProjectLoader.load(List.of(dir.resolve("compose.yml"), dir.resolve("override.yml")), ProjectLoader.Options.none());
        assertThat(p.read().problems()).isEmpty();
        Stack s = p.read().stack();
        Service app = service(s, "app");
        assertThat(app.process().command()).containsExactly("serve", "--port", "8 1"); // replaced, not appended
        assertThat(app.ports()).isEmpty(); // !reset
        assertThat(app.labels()).containsOnlyKeys("l2"); // !override
        assertThat(app.process().environment()).extracting(EnvVar::name).containsExactly("A", "B", "C");
        assertThat(env(app, "B")).isEqualTo("3");
        assertThat(app.volumes()).extracting(v -> v.target() + "=" + v.source()).containsExactly("/data=./other", "/cache=cache");
        assertThat(app.networks()).containsExactly("back", "front");
        assertThat(service(s, "db").restart()).hasToString("unless-stopped");
        // .env next to the first file: its variables reach the rules, and COMPOSE_PROFILES activates debug
        assertThat(p.variables()).containsEntry("APP_IMAGE", "app:2.0");
        assertThat(p.activeProfiles()).containsExactly("debug");
        assertThat(s.serviceNames()).containsExactly("app", "db", "debug");
        // a value from the second file is placed in it
        assertThat(p.read().locate("services.app.command").file()).endsWith("override.yml");
        assertThat(p.read().locate("services.app.image").file()).isNull();
    }

    @Test
    void anEnvFileGivenReplacesDotEnvAndTheEnvironmentWins(@TempDir Path dir) throws IOException {
        Path compose = Files.writeString(dir.resolve("compose.yml"), "services:\n  a: {image: \"${IMG}\"}\n  b: {image: x:1, profiles: [p]}\n");
        Files.writeString(dir.resolve(".env"), "IMG=from-dot-env\n");
        Path other = Files.writeString(dir.resolve("other.env"), "IMG=from-other\nexport TAG='1.2'\nCOMPOSE_PROFILES=p # on\n");
        ProjectLoader.Project p = ProjectLoader.load(List.of(compose), new ProjectLoader.Options(List.of(other), List.of(), Map.of()));
        assertThat(p.variables()).containsEntry("IMG", "from-other").containsEntry("TAG", "1.2");
        assertThat(p.read().stack().serviceNames()).containsExactly("a", "b");
        ProjectLoader.Project env = ProjectLoader.load(List.of(compose), new ProjectLoader.Options(List.of(), List.of(), Map.of("IMG", "from-shell")));
        assertThat(env.variables()).containsEntry("IMG", "from-shell");
        assertThat(env.read().stack().serviceNames()).containsExactly("a");
    }

    @Test
    void profilesLeaveServicesOutAndADependencyOnOneIsAnError(@TempDir Path dir) throws IOException {
        Path compose = Files.writeString(dir.resolve("compose.yml"), """
                services:
                  app:
                    image: app:1.0
                    depends_on: [db]
                  db:
                    image: db:1.0
                    profiles: [data]
                """);
        ProjectLoader.Project off = ProjectLoader.load(List.of(compose), ProjectLoader.Options.none());
        assertThat(off.read().stack().serviceNames()).containsExactly("app");
        assertThat(off.read().problems()).singleElement().satisfies(pr -> {
            assertThat(pr.ruleId()).isEqualTo(ProjectLoader.INACTIVE_DEPENDENCY);
            assertThat(pr.at()).isEqualTo(new Position(4, 17));
            assertThat(pr.message()).contains("profile data", "--profile data");
        });
        Stack on = load(List.of(compose), List.of("data"));
        assertThat(on.serviceNames()).containsExactly("app", "db");
    }

    @Test
    void aMissingEnvFileIsAnErrorUnlessItIsOptional(@TempDir Path dir) throws IOException {
        Path compose = Files.writeString(dir.resolve("compose.yml"), """
                services:
                  app:
                    image: app:1.0
                    env_file:
                      - ./app.env
                      - path: ./local.env
                        required: false
                """);
        ProjectLoader.Project p = ProjectLoader.load(List.of(compose), ProjectLoader.Options.none());
        assertThat(p.read().problems()).singleElement().satisfies(pr -> {
            assertThat(pr.ruleId()).isEqualTo(ProjectLoader.MISSING_ENV_FILE);
            assertThat(pr.at()).isEqualTo(new Position(5, 9));
        });
        Files.writeString(dir.resolve("app.env"), "A=1\n");
        assertThat(ProjectLoader.load(List.of(compose), ProjectLoader.Options.none()).read().problems()).isEmpty();
    }

    @Test
    void badExtendsAndIncludesAreProblemsNotCrashes(@TempDir Path dir) throws IOException {
        Path compose = Files.writeString(dir.resolve("compose.yml"), """
                include: [missing.yml, self.yml]
                services:
                  a: {extends: b, image: x:1}
                  b: {extends: a}
                  c: {extends: {service: nope}}
                  d: {extends: {file: gone.yml, service: x}}
                """);
        Files.writeString(dir.resolve("self.yml"), "include: [self.yml]\nservices:\n  a: {image: dup:1}\n");
        ProjectLoader.Project p = ProjectLoader.load(List.of(compose), ProjectLoader.Options.none());
        assertThat(p.read().problems()).extracting(Problem::message).anySatisfy(m -> assertThat(m).contains("missing.yml", "does not exist"))
                .anySatisfy(m -> assertThat(m).contains("forms a cycle", "a -> b -> a"))
                .anySatisfy(m -> assertThat(m).contains("'nope'", "not defined"))
                .anySatisfy(m -> assertThat(m).contains("gone.yml"))
                .anySatisfy(m -> assertThat(m).contains("self.yml", "cycle"))
                .anySatisfy(m -> assertThat(m).contains("services.a is also defined by the included"));
        assertThat(p.read().problems()).extracting(Problem::ruleId).doesNotContain(Problem.INTERNAL_ERROR);
    }

    @Test
    void anIncludesEnvFileAndProjectDirectoryAreHonoured() throws IOException {
        ProjectLoader.Project p = ProjectLoader.load(List.of(PROJECTS.resolve("include-env/compose.yml")), ProjectLoader.Options.none());
        assertThat(p.read().problems()).as("problems").filteredOn(pr -> !pr.note()).isEmpty();
        assertThat(p.variables()).as("the include's env_file, and the included project's own .env")
                .containsEntry("CACHE_TAG", "7.4.1").containsEntry("CACHE_PORT", "6380").containsEntry("WORKER_TAG", "1.37.0");
        Stack s = p.read().stack();
        Service cache = service(s, "cache");
        assertThat(cache.process().envFiles()).as("relative to project_directory (parts), not to the included file (parts/cache)")
                .extracting(f -> f.path()).containsExactly("./parts/cache/redis.env");
        assertThat(cache.volumes().get(0).source()).isEqualTo("./parts/cache/conf");
        assertThat(service(s, "worker").process().envFiles()).extracting(f -> f.path()).containsExactly("./worker/worker.env");
    }

    @Test
    void anIncludesEnvFileThatDoesNotExistIsAnErrorAndTheProjectsVariablesWin(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/compose.yml"), "services:\n  inc: {image: \"busybox:${A}-${B}\"}\n");
        Files.writeString(dir.resolve("sub/inc.env"), "A=inc\nB=incb\n");
        Files.writeString(dir.resolve(".env"), "A=main\n");
        Path compose = Files.writeString(dir.resolve("compose.yml"), """
                include:
                  - path: sub/compose.yml
                    env_file: [sub/inc.env, sub/gone.env]
                services:
                  top: {image: "busybox:${A}"}
                """);
        ProjectLoader.Project p = ProjectLoader.load(List.of(compose), ProjectLoader.Options.none());
        assertThat(p.variables()).as("compose: the project's own variables win over an include's defaults")
                .containsEntry("A", "main").containsEntry("B", "incb");
        assertThat(p.read().problems()).singleElement().satisfies(pr -> {
            assertThat(pr.ruleId()).isEqualTo(ProjectLoader.MISSING_ENV_FILE);
            assertThat(pr.at()).isEqualTo(new Position(3, 29));
            assertThat(pr.message()).contains("sub/gone.env");
        });
    }

    /** What docker compose 2.26 prints as "name" for each (checked by hand; ComposeRoundTripIT runs with -p). */
    @Test
    void theProjectNameIsResolvedAndNormalizedAsComposeDoes(@TempDir Path dir) throws IOException {
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("${PROJECT:-demo}", "demo");
        expected.put("x-${PROJECT:-Demo}", "x-demo");
        expected.put("My App", "myapp");
        expected.put("p-${NAME_A:-${NAME_B:-Nested}}", "p-nested");
        expected.put("_x", "x");
        expected.put("a$$b", "ab");
        expected.put("${FROM_ENV}-${FROM_SHELL:-no}", "dotenv-shell");
        Files.writeString(dir.resolve(".env"), "FROM_ENV=dotenv\nFROM_SHELL=dotenv\n");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path compose = Files.writeString(dir.resolve("compose.yml"), "name: \"" + e.getKey() + "\"\nservices:\n  a: {image: busybox:1.37.0}\n");
            ProjectLoader.Project p = ProjectLoader.load(List.of(compose), new ProjectLoader.Options(List.of(), List.of(), Map.of("FROM_SHELL", "shell")));
            assertThat(p.read().problems()).as(e.getKey()).isEmpty();
            assertThat(p.read().stack().name()).as(e.getKey()).isEqualTo(e.getValue());
        }
        for (String empty : List.of("${PROJECT}", "${PROJECT:?set PROJECT}", "--")) {
            Path compose = Files.writeString(dir.resolve("compose.yml"), "name: \"" + empty + "\"\nservices:\n  a: {image: busybox:1.37.0}\n");
            ProjectLoader.Project p = ProjectLoader.load(List.of(compose), ProjectLoader.Options.none());
            assertThat(p.read().problems()).as(empty).singleElement().satisfies(pr -> {
                assertThat(pr.ruleId()).isEqualTo(Problem.INVALID_VALUE);
                assertThat(pr.path()).isEqualTo("name");
                assertThat(pr.at()).isEqualTo(new Position(1, 7));
            });
        }
    }

    /** docker compose 2.26 prints 7 ports, 4 secrets and 3 configs for these two files. */
    @Test
    void portsMergeByWhatTheyPublishAndSecretsBySourceAndTarget() throws IOException {
        Path dir = PROJECTS.resolve("merge-lists");
        ProjectLoader.Project p = ProjectLoader.load(List.of(dir.resolve("compose.yml"), dir.resolve("override.yml")), ProjectLoader.Options.none());
        assertThat(p.read().problems()).as("problems").isEmpty();
        Service app = service(p.read().stack(), "app");
        assertThat(app.ports()).extracting(b -> (b.hostIp() == null ? "" : b.hostIp() + ":") + b.published() + ":" + b.target() + "/" + b.protocol().composeName())
                .containsExactly("8080:80/tcp", "127.0.0.1:9000:9000/tcp", "8443:443/tcp", "7000:7000/udp", "9000:9000/tcp", "8081:80/tcp", "7000:7000/tcp");
        assertThat(app.secrets()).extracting(r -> r.source() + ">" + r.target()).containsExactly("a>null", "b>b.txt", "a>a2.txt", "b>null");
        assertThat(app.configs()).extracting(r -> r.source() + ">" + r.target() + ":" + r.mode()).containsExactly("c>null:256", "d>/etc/d:null", "d>/etc/d2:null");
    }
}
