package vn.stocktracker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a JMH result file ({@code -rf json}) into Markdown for the bench/ results files: one row per
 * benchmark with JMH's score and its 99.9% error, the median and range of the measured iterations, and
 * the ratio of medians to a baseline benchmark of the same run.
 *
 * <p>Usage: {@code JmhReport results.json BASELINE [NAME=TARGET ...]}, where BASELINE and NAME are
 * benchmark method names; each target prints a line saying whether that benchmark's median reached it.
 */
public final class JmhReport {

    private JmhReport() {
    }

    /** One benchmark's figures: score and error as JMH computed them, iteration samples for the median. */
    record Result(String name, String params, double score, double error, String unit, double[] samples) {

        double median() {
            return Stats.median(samples);
        }

        double min() {
            return Stats.percentile(samples, 0);
        }

        double max() {
            return Stats.percentile(samples, 100);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: JmhReport results.json BASELINE [NAME=TARGET ...]");
            System.exit(2);
        }
        List<Result> results = read(new File(args[0]));
        Result base = results.stream().filter(r -> r.name().equals(args[1])).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no benchmark named " + args[1] + " in " + args[0]));
        System.out.println("| benchmark | score ± error (99.9%) | median of iterations | min | max | ratio of medians to " + base.name() + " |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s%s | %,.0f ± %,.0f %s | %,.0f | %,.0f | %,.0f | %.2f |%n", r.name(),
                    r.params().isEmpty() ? "" : " (" + r.params() + ")", r.score(), r.error(), r.unit(), r.median(),
                    r.min(), r.max(), r.median() / base.median());
        }
        System.out.println();
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            double target = Double.parseDouble(kv[1]);
            Result r = results.stream().filter(x -> x.name().equals(kv[0])).findFirst().orElseThrow();
            System.out.printf(Locale.ROOT, "%s: median %,.0f %s, target %,.0f: %s%n", r.name(), r.median(), r.unit(),
                    target, r.median() >= target ? "met" : "MISSED");
        }
    }

    static List<Result> read(File file) throws IOException {
        List<Result> out = new ArrayList<>();
        for (JsonNode b : new ObjectMapper().readTree(file)) {
            String full = b.get("benchmark").asText();
            JsonNode metric = b.get("primaryMetric");
            List<Double> samples = new ArrayList<>();
            for (JsonNode fork : metric.get("rawData")) {
                for (JsonNode v : fork) {
                    samples.add(v.asDouble());
                }
            }
            StringBuilder params = new StringBuilder();
            JsonNode p = b.get("params");
            if (p != null) {
                p.properties().forEach(e -> params.append(params.isEmpty() ? "" : ", ").append(e.getKey()).append('=')
                        .append(e.getValue().asText()));
            }
            out.add(new Result(full.substring(full.lastIndexOf('.') + 1), params.toString(), metric.get("score").asDouble(),
                    metric.get("scoreError").asDouble(), metric.get("scoreUnit").asText(),
                    samples.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return out;
    }
}
