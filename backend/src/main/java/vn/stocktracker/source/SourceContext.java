package vn.stocktracker.source;

import vn.stocktracker.market.Instruments;

import java.time.Clock;
import java.util.Map;

/**
 * What a source may use to build itself.
 *
 * @param env         the process environment (read your own variables from it, e.g. {@code SSI_CONSUMER_ID},
 *                    {@code REPLAY_FILE}); tests pass a map
 * @param instruments the tracked universe: VN30 stocks, indices, the futures contract, extras
 * @param clock       wall clock (tests may fix it)
 * @param simSeed     {@code SIM_SEED}
 * @param simRate     {@code SIM_RATE}, events per second
 * @param sessionClock {@code SESSION_CLOCK}: {@code real}, {@code open} or {@code fast}
 */
public record SourceContext(
        Map<String, String> env, Instruments instruments, Clock clock,
        long simSeed, int simRate, String sessionClock) {

    public SourceContext {
        env = Map.copyOf(env);
    }
}
