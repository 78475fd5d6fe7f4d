package vn.stocktracker.market.alert;

import java.time.Duration;

/**
 * The alert thresholds (environment variables in brackets; see README "Alerts").
 *
 * @param enabled            whether alerts are computed at all ({@code ALERTS_ENABLED})
 * @param volumeSpikeRatio   a continuous-session trade above this multiple of the symbol's average
 *                           trade volume is a spike ({@code ALERT_VOLUME_SPIKE_RATIO}, 3)
 * @param volumeWindow       the average is over the trades of this long before the trade
 *                           ({@code ALERT_VOLUME_WINDOW_SECONDS}, 1200 = 20 minutes)
 * @param volumeMinTrades    no spike until the window holds at least this many trades
 *                           ({@code ALERT_VOLUME_MIN_TRADES}, 10)
 * @param foreignChangePct   a foreign net value that moved more than this percentage of its value one
 *                           window ago fires ({@code ALERT_FOREIGN_CHANGE_PCT}, 30)
 * @param foreignWindow      that window ({@code ALERT_FOREIGN_WINDOW_SECONDS}, 300 = 5 minutes)
 * @param foreignMinNetValue net values (VND, absolute) under this one window ago are ignored
 *                           ({@code ALERT_FOREIGN_MIN_NET_VALUE}, 1,000,000,000)
 * @param dedup              the same kind and symbol fire at most once within this time
 *                           ({@code ALERT_DEDUP_SECONDS}, 60)
 */
public record AlertConfig(boolean enabled, double volumeSpikeRatio, Duration volumeWindow, int volumeMinTrades,
                          double foreignChangePct, Duration foreignWindow, long foreignMinNetValue, Duration dedup) {

    /** The defaults of the original tracker's constants. */
    public static final AlertConfig DEFAULTS = new AlertConfig(true, 3.0, Duration.ofMinutes(20), 10, 30.0,
            Duration.ofMinutes(5), 1_000_000_000L, Duration.ofSeconds(60));

    /** The same thresholds with alerts switched off (benchmarks' baseline, {@code ALERTS_ENABLED=false}). */
    public AlertConfig disabled() {
        return new AlertConfig(false, volumeSpikeRatio, volumeWindow, volumeMinTrades, foreignChangePct, foreignWindow,
                foreignMinNetValue, dedup);
    }
}
