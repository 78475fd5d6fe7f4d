package dev.stackctl.verify;

import dev.stackctl.error.ExitCode;
import dev.stackctl.model.Durations;
import dev.stackctl.text.JUnitReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What verify found: the per-service timeline, each check with its evidence, and the exit code. */
public record VerifyReport(String project, Duration deadline, List<ServiceTimeline> timeline, List<CheckResult> results,
                           ExitCode exitCode, List<String> diagnostics, Duration elapsed, StackTarget target) {

    public boolean passed() {
        return exitCode == ExitCode.SUCCESS;
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("Timeline (seconds from ").append(target.reference()).append("):\n");
        sb.append(String.format("  %-12s %8s %8s %8s  %-9s %-9s %s%n", "SERVICE", "CREATED", "STARTED", "HEALTHY", "STATE", "HEALTH", "RESTARTS"));
        for (ServiceTimeline t : timeline) {
            sb.append(String.format("  %-12s %8s %8s %8s  %-9s %-9s %d%n", t.service(), secs(t.created()), secs(t.started()), secs(t.healthy()),
                    t.state(), t.health(), t.restarts()));
        }
        sb.append("Checks (deadline ").append(Durations.format(deadline)).append("):\n");
        for (CheckResult r : results) {
            sb.append(String.format("  %-6s %-24s %6.2fs  %s%n", label(r.status()), r.id(), r.elapsed().toMillis() / 1000.0, r.criterion()));
            sb.append("         ").append(r.evidence()).append('\n');
        }
        for (String d : diagnostics) {
            sb.append(d).append('\n');
        }
        long failed = results.stream().filter(r -> r.status() == CheckResult.Status.FAILED).count();
        sb.append(passed() ? "verify: PASSED" : "verify: FAILED (" + failed + " of " + results.size() + " checks)")
                .append(String.format(Locale.ROOT, " in %.1f s", elapsed.toMillis() / 1000.0)).append('\n');
        return sb.toString();
    }

    private String secs(java.time.Instant t) {
        return t == null ? "-" : String.format(Locale.ROOT, "%.1f", target.secondsSinceReference(t));
    }

    private static String label(CheckResult.Status s) {
        return switch (s) {
            case PASSED -> "PASS";
            case FAILED -> "FAIL";
            case SKIPPED -> "SKIP";
        };
    }

    public Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("project", project);
        root.put("passed", passed());
        root.put("exitCode", exitCode.code());
        root.put("deadlineSeconds", deadline.toSeconds());
        root.put("elapsedSeconds", elapsed.toMillis() / 1000.0);
        List<Map<String, Object>> tl = new ArrayList<>();
        for (ServiceTimeline t : timeline) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", t.service());
            m.put("createdSeconds", t.created() == null ? null : target.secondsSinceReference(t.created()));
            m.put("startedSeconds", t.started() == null ? null : target.secondsSinceReference(t.started()));
            m.put("healthySeconds", t.healthy() == null ? null : target.secondsSinceReference(t.healthy()));
            m.put("state", t.state());
            m.put("health", t.health());
            m.put("restarts", t.restarts());
            tl.add(m);
        }
        root.put("timeline", tl);
        List<Map<String, Object>> checks = new ArrayList<>();
        for (CheckResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("criterion", r.criterion());
            m.put("status", r.status().name().toLowerCase(Locale.ROOT));
            m.put("seconds", r.elapsed().toMillis() / 1000.0);
            m.put("evidence", r.evidence());
            if (r.service() != null) m.put("service", r.service());
            checks.add(m);
        }
        root.put("checks", checks);
        root.put("diagnostics", diagnostics);
        return root;
    }

    public String junit() {
        List<JUnitReport.Case> cases = new ArrayList<>();
        for (CheckResult r : results) {
            String failure = r.status() == CheckResult.Status.FAILED ? r.evidence() : null;
            String details = r.status() == CheckResult.Status.SKIPPED ? "skipped: " + r.evidence() : r.evidence();
            cases.add(new JUnitReport.Case("stackctl.verify", r.id(), r.elapsed().toMillis() / 1000.0, failure,
                    failure != null && !diagnostics.isEmpty() ? r.evidence() + "\n" + String.join("\n", diagnostics) : details));
        }
        return JUnitReport.write("stackctl verify " + project, cases);
    }
}
