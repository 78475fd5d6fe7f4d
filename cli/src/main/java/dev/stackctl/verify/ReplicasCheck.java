package dev.stackctl.verify;

import dev.stackctl.model.Roles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Scaled topology: requests through nginx reach several replicas. {@code /health} is asked through the
 * frontend's published port until at least two distinct replica ids (the backend's replica header) have
 * answered, or every replica when there are fewer than {@value #ROUNDS} left to try; each answer must be
 * 200. Proves that nginx balances across the replicas, not only that one of them answers.
 */
public final class ReplicasCheck implements ThroughProxy {
    /** Requests per attempt: nginx starts each at a random replica, so 3 replicas all answer in 40 with near certainty. */
    static final int ROUNDS = 40;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public String id() {
        return "replicas-through-proxy";
    }

    @Override
    public String criterion() {
        return "requests through nginx reach at least two distinct API replicas";
    }

    @Override
    public CheckResult check(StackTarget target, Deadline deadline) {
        Instant start = Instant.now();
        Roles.Replicated replicated = target.roles().replicated();
        int expected = target.expectedReplicas(replicated.service());
        int wanted = Math.min(2, expected);
        Optional<Integer> port = target.hostPort(target.roles().proxy().service(), target.roles().proxy().containerPort());
        if (port.isEmpty()) {
            return CheckResult.failed(this, "the frontend publishes no host port for " + target.roles().proxy().containerPort(), Duration.ZERO,
                    target.roles().proxy().service());
        }
        URI health = URI.create("http://127.0.0.1:" + port.get() + target.roles().proxy().healthPath());
        String problem;
        Map<String, Integer> seen = new TreeMap<>();
        do {
            seen.clear();
            problem = null;
            for (int i = 0; i < ROUNDS && problem == null; i++) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(3)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    Optional<String> id = r.headers().firstValue(replicated.replicaHeader());
                    if (r.statusCode() != 200) {
                        problem = "GET " + health.getPath() + " answered " + r.statusCode() + id.map(v -> " from replica " + v).orElse("");
                    } else if (id.isEmpty()) {
                        problem = "GET " + health.getPath() + " answered without a " + replicated.replicaHeader() + " header";
                    } else {
                        seen.merge(id.get(), 1, Integer::sum);
                    }
                } catch (IOException e) {
                    problem = "GET " + health + " failed: " + e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return CheckResult.failed(this, "interrupted", Duration.between(start, Instant.now()), null);
                }
            }
            if (problem == null && seen.size() >= wanted) {
                return CheckResult.passed(this, ROUNDS + " GET " + health.getPath() + " through nginx answered by " + seen.size() + " of "
                        + expected + " " + replicated.service() + " replicas " + seen, Duration.between(start, Instant.now()));
            }
            if (problem == null) {
                problem = ROUNDS + " requests through nginx reached only " + seen.size() + " replica(s) " + seen + " of " + expected;
            }
        } while (deadline.pause(Duration.ofMillis(500)));
        return CheckResult.failed(this, problem, Duration.between(start, Instant.now()), replicated.service());
    }
}
