package vn.stocktracker.source.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of {@code MARKET_SOURCE=replay}.
 *
 * @param file  {@code REPLAY_FILE}: a recorded session (see {@link vn.stocktracker.source.ssi.FrameLog})
 * @param speed {@code REPLAY_SPEED}: {@code 1} plays at the recorded pace, {@code 10} ten times faster,
 *              {@code max} (speed 0 here) as fast as the processor takes it; default 1
 * @param loop  {@code REPLAY_LOOP}: start again at the end (for demos); default false
 */
public record ReplayConfig(Path file, double speed, boolean loop) {

    /** One line per problem naming the variable and the fix; no I/O (a missing file is reported at start). */
    public static List<String> validate(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String file = env.get("REPLAY_FILE");
        if (file == null || file.isBlank()) {
            problems.add("REPLAY_FILE: not set; set it to a recorded SSI session, e.g. "
                    + "backend/src/test/resources/replay/standin-session.ssi, or use MARKET_SOURCE=simulated");
        }
        String speed = env.get("REPLAY_SPEED");
        if (speed != null && !speed.isBlank() && parseSpeed(speed) < 0) {
            problems.add("REPLAY_SPEED: '" + speed + "' is not a speed; use 1 (recorded pace), a factor such as 10, "
                    + "or max");
        }
        String loop = env.get("REPLAY_LOOP");
        if (loop != null && !loop.isBlank() && !List.of("true", "false").contains(loop.trim().toLowerCase(Locale.ROOT))) {
            problems.add("REPLAY_LOOP: '" + loop + "' is not true or false");
        }
        return problems;
    }

    /** The factor, 0 for {@code max}, -1 when unreadable. */
    static double parseSpeed(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.equals("max")) {
            return 0;
        }
        try {
            double d = Double.parseDouble(v.endsWith("x") ? v.substring(0, v.length() - 1) : v);
            return d > 0 && Double.isFinite(d) ? d : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static ReplayConfig fromEnv(Map<String, String> env) {
        String speed = env.getOrDefault("REPLAY_SPEED", "1");
        return new ReplayConfig(Path.of(env.get("REPLAY_FILE").trim()), speed.isBlank() ? 1 : parseSpeed(speed),
                Boolean.parseBoolean(env.getOrDefault("REPLAY_LOOP", "false").trim()));
    }
}
