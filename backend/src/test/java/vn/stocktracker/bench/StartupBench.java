package vn.stocktracker.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Process start to the first {@code /health} 200, with the database (already migrated) and Redis up,
 * with the Dockerfile's JVM flags. Baseline in the same run: {@code java -version} (the JVM's floor).
 *
 * <p>Usage: {@code StartupBench jar jdbcUrl user redisUrl [rounds]}; the password is read from the
 * environment variable DATABASE_PASSWORD.
 */
public final class StartupBench {
    public static void main(String[] args) throws Exception {
        String jar = args[0];
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 7;
        Map<String, String> env = Map.of("DATABASE_URL", args[1], "DATABASE_USER", args[2],
                "DATABASE_PASSWORD", System.getenv().getOrDefault("DATABASE_PASSWORD", ""), "REDIS_URL", args[3],
                "SESSION_CLOCK", "open");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        double[] start = new double[rounds];
        double[] floor = new double[rounds];
        java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "backend-bench.jsa"));
        for (int r = -1; r < rounds; r++) { // the warm-up round writes the class-data archive
            long ms;
            try (Backend b = new Backend(jar, Backend.CONTAINER_FLAGS, env)) {
                ms = b.awaitHealthy(http, Duration.ofSeconds(60));
            }
            long a = System.nanoTime();
            Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                    .redirectErrorStream(true).redirectOutput(new java.io.File("/dev/null")).start();
            p.waitFor();
            long v = (System.nanoTime() - a) / 1_000_000;
            if (r >= 0) {
                start[r] = ms;
                floor[r] = v;
            }
        }
        double sm = Stats.median(start);
        double fm = Stats.median(floor);
        System.out.printf("| start-up, process start to /health 200 (%d rounds, container JVM flags) | %.0f ms | java -version %.0f ms | %.1f | %s |%n",
                rounds, sm, fm, sm / fm, Stats.env());
        System.out.println("| start-up rounds (ms) | " + java.util.Arrays.toString(start) + " | | | |");
    }
}
