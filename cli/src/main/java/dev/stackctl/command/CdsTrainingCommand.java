package dev.stackctl.command;

import dev.stackctl.engine.ComposeCli;
import dev.stackctl.engine.DockerEngine;
import dev.stackctl.render.ComposeWriter;
import dev.stackctl.render.Generator;
import dev.stackctl.model.ProjectLayout;
import dev.stackctl.stack.StockTrackerStack;
import dev.stackctl.validate.RuleContext;
import dev.stackctl.validate.Validator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Hidden: exercises the classes of generate, validate, help and the engine client once, so the launcher can record an
 * AppCDS archive ({@code -XX:ArchiveClassesAtExit}) that every later start maps instead of loading.
 */
@Command(name = "cds-training", hidden = true)
public final class CdsTrainingCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        var definition = StockTrackerStack.definition();
        var stack = definition.stack();
        var files = new Generator(ProjectLayout.locate()).render(definition);
        Validator.standard().validateFile(files.get(Generator.COMPOSE_FILE), RuleContext.defaults());
        new ComposeWriter("").write(stack);
        StringWriter sink = new StringWriter();
        Main.execute(new String[] {"--help"}, new PrintWriter(sink), new PrintWriter(sink));
        Main.execute(new String[] {"validate", "--list-rules"}, new PrintWriter(sink), new PrintWriter(sink));
        Main.commandLine().getUsageMessage();
        Main.execute(new String[] {"up", "--help"}, new PrintWriter(sink), new PrintWriter(sink));
        engine();
        network();
        lifecycle();
        archive();
        return 0;
    }

    /** What up does before compose runs: drift check, compose CLI lookup, recipe hashes, background work. */
    private static void lifecycle() {
        ProjectLayout layout = ProjectLayout.locate();
        try {
            Generator g = new Generator(layout);
            g.drift(g.render(StockTrackerStack.definition()), layout.generated());
            ComposeCli.detect();
            dev.stackctl.engine.BaseImages images = new dev.stackctl.engine.BaseImages(layout);
            images.recipes().forEach(images::hashOf);
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                dev.stackctl.concurrent.Futures.await(pool.submit(() -> new dev.stackctl.engine.ChangeSignal().await(java.time.Duration.ZERO)));
            }
        } catch (RuntimeException | java.io.IOException e) {
            // training only: whatever ran is recorded
        }
    }

    /** images status: the archive index against an archive that refuses, and its report. */
    private static void archive() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("stackctl-cds-apt-");
            new dev.stackctl.apt.ArchiveIndex(new dev.stackctl.apt.ArchiveCache(dir))
                    .load(dev.stackctl.engine.DebianArchives.of("http://127.0.0.1:1/debian", null), "trixie", "amd64", java.util.Set.of("a:amd64"));
            dev.stackctl.apt.DebianVersion.compare("1:1.0-1", "1.0~rc1");
            dev.stackctl.engine.ImageBuildCommands.parseDpkgLabel("a:amd64=1");
            java.nio.file.Files.deleteIfExists(dir);
        } catch (RuntimeException | java.io.IOException e) {
            // training only
        }
    }

    /** verify's HTTP and WebSocket clients (java.net.http): a refused connection loads most of them. */
    private static void network() {
        try (var http = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(1)).build()) {
            try {
                http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:1/")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                // refused, as intended
            }
            http.newWebSocketBuilder().buildAsync(java.net.URI.create("ws://127.0.0.1:1/"), new java.net.http.WebSocket.Listener() {})
                    .exceptionally(t -> null).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The engine client's classes (HTTP transport, JSON mapping of listings, inspections and events) are
     * most of what up, verify and status load; with an engine at hand, read a project that does not
     * exist, otherwise a failed connection still loads the transport.
     */
    private static void engine() {
        try (DockerEngine engine = DockerEngine.connect()) {
            String project = "stackctl-cds-training";
            engine.projectContainers(project);
            engine.tryInspect("stackctl-cds-training-no-such-container");
            engine.events(project, java.time.Instant.now().minusSeconds(1), java.time.Instant.now());
            // verify's classes: a run against the project that does not exist, with a deadline that ends at once
            var report = new dev.stackctl.verify.Verifier(java.time.Duration.ofMillis(200), false, java.time.Duration.ofSeconds(1))
                    .run(new dev.stackctl.verify.StackTarget(engine, project, StockTrackerStack.definition(), java.time.Instant.now()), r -> { });
            report.text();
            Json.write(report.json());
        } catch (RuntimeException | java.io.IOException e) {
            // no engine here: the archive holds what a failed connection loaded
        }
    }
}
