package vn.stocktracker.source.ssi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.stocktracker.market.Instruments;
import vn.stocktracker.market.MarketEvent;
import vn.stocktracker.source.MarketEventSink;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark (a program, not a test): raw SSI frames per second through {@link SsiFrameDecoder}
 * (three-layer parse + normalisation into events), single thread, against a baseline measured in the
 * same run: Jackson {@code readTree} of the same three layers with no normalisation at all.
 *
 * <p>Run: {@code java -cp <test-classes:classes:deps> vn.stocktracker.source.ssi.SsiDecodeBench [rounds] [ms]}.
 * Warm-up rounds first, then measured rounds of the two variants interleaved. Prints a Markdown table (median, min, max over the measured rounds) for bench/ssi/RESULTS.md.
 */
public final class SsiDecodeBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static long blackhole;

    private SsiDecodeBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long roundMs = args.length > 1 ? Long.parseLong(args[1]) : 1000;
        List<String> frames = new StandInMarket(42, LocalDate.of(2025, 12, 1)).mixedFrames(20_000);
        long bytes = frames.stream().mapToLong(String::length).sum();
        Instruments instruments = Instruments.create(List.of(), LocalDate.of(2025, 12, 1));
        String[] arr = frames.toArray(String[]::new);

        System.out.printf(Locale.ROOT, "frames in the mix: %d, mean frame length %d chars%n", arr.length, bytes / arr.length);
        Pass dec = () -> decodeAll(arr, instruments);
        Pass jack = () -> jacksonAll(arr);
        int warm = Math.max(3, rounds / 3);
        for (int r = 0; r < warm; r++) {
            round("decoder warm-up", r, roundMs, dec);
            round("jackson warm-up", r, roundMs, jack);
        }
        // interleaved, so both variants see the same background load on a shared machine
        double[] decoder = new double[rounds];
        double[] jackson = new double[rounds];
        double[] decoderCpu = new double[rounds];
        double[] jacksonCpu = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            double[] d = round("decoder", r, roundMs, dec);
            double[] j = round("jackson", r, roundMs, jack);
            decoder[r] = d[0];
            decoderCpu[r] = d[1];
            jackson[r] = j[0];
            jacksonCpu[r] = j[1];
        }
        System.out.println();
        System.out.println("| variant | median frames/s (wall clock) | min | max | ratio to baseline | median frames per CPU-second | ratio to baseline |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        row("SsiFrameDecoder (parse x3 + normalise)", decoder, median(decoder) / median(jackson), decoderCpu,
                median(decoderCpu) / median(jacksonCpu));
        row("baseline: Jackson readTree x3, no normalisation", jackson, 1.0, jacksonCpu, 1.0);
        System.out.printf(Locale.ROOT, "%nrounds=%d x %d ms, java %s, %d cpus; blackhole %d%n", rounds, roundMs,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), blackhole);
    }

    private static void row(String name, double[] v, double ratio, double[] cpu, double cpuRatio) {
        double[] s = v.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %.2f | %,.0f | %.2f |%n", name, median(v), s[0],
                s[s.length - 1], ratio, median(cpu), cpuRatio);
    }

    interface Pass {
        int run() throws Exception;
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * One round: {frames per wall-clock second, frames per CPU-second of this thread}. The second figure
     * is what the code does when it has a core; on a shared machine the first also measures the others.
     */
    private static double[] round(String name, int r, long roundMs, Pass pass) throws Exception {
        long frames = 0;
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long deadline = start + roundMs * 1_000_000L;
        long now;
        do {
            frames += pass.run();
            now = System.nanoTime();
        } while (now < deadline);
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        double perSec = frames / ((now - start) / 1e9);
        double perCpuSec = frames / (cpu / 1e9);
        System.out.printf(Locale.ROOT, "%s round %d: %,.0f frames/s, %,.0f frames per CPU-second (%.0f%% of a core)%n",
                name, r, perSec, perCpuSec, 100.0 * cpu / (now - start));
        return new double[] {perSec, perCpuSec};
    }

    private static int decodeAll(String[] frames, Instruments instruments) {
        SsiFrameDecoder d = new SsiFrameDecoder(instruments::contains, Clock.systemUTC());
        long[] n = new long[1];
        MarketEventSink sink = (MarketEvent e) -> n[0] += e.ts() & 1;
        for (String f : frames) {
            d.decode(f, sink);
        }
        blackhole += n[0] + d.counters().payloads;
        return frames.length;
    }

    private static int jacksonAll(String[] frames) throws Exception {
        long n = 0;
        for (String f : frames) {
            JsonNode outer = JSON.readTree(f);
            JsonNode m = outer.get("M");
            if (m == null) {
                continue;
            }
            for (JsonNode msg : m) {
                for (JsonNode a : msg.get("A")) {
                    JsonNode payload = JSON.readTree(a.asText());
                    JsonNode content = JSON.readTree(payload.get("Content").asText());
                    n += content.size();
                }
            }
        }
        blackhole += n;
        return frames.length;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

}
