package dev.stackctl.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackendMetricsTest {
    @Test
    void readsSamplesWithAndWithoutLabelsAndSkipsComments() {
        BackendMetrics m = BackendMetrics.parse(Instant.EPOCH, """
                # HELP tracker_store_rows_accepted_total tick rows accepted
                # TYPE tracker_store_rows_accepted_total counter
                tracker_store_rows_accepted_total{table="ticks"} 12345.0
                tracker_store_rows_written_total{table="ticks"} 12000.0
                tracker_store_rows_uncommitted 345.0
                tracker_store_queue_dropped_total 0.0
                """);
        assertThat(m.count(BackendMetrics.TICKS_ACCEPTED)).isEqualTo(12345);
        assertThat(m.count(BackendMetrics.TICKS_WRITTEN)).isEqualTo(12000);
        assertThat(m.count(BackendMetrics.UNCOMMITTED)).isEqualTo(345);
        assertThat(m.count(BackendMetrics.EVENTS_DROPPED)).as("absent reads as 0").isZero();
    }
}
