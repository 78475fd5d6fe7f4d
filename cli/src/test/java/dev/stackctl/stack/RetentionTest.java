package dev.stackctl.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stackctl.model.EnvVar;
import dev.stackctl.model.Service;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionTest {

    @Test
    void theDefaultKeepsThirtyDaysOfRawDataAndAYearOfCandles() {
        assertThat(Retention.DEFAULT).isEqualTo(new Retention(Duration.ofDays(30), Duration.ofDays(365)));
    }

    @Test
    void theWritingRolesGetTheWindowsAsVariablesWithTheModelsDefaults() {
        StackOptions options = StackOptions.DEFAULTS.withRetention(Retention.days(7, 90));
        Service backend = StockTrackerStack.define(options).service(StockTrackerStack.BACKEND).orElseThrow();
        assertThat(backend.env(Retention.RAW_VARIABLE).map(EnvVar::value).orElseThrow().resolve(Map.of())).contains("7");
        assertThat(backend.env(Retention.CANDLE_VARIABLE).map(EnvVar::value).orElseThrow().resolve(Map.of())).contains("90");
        assertThat(backend.env(Retention.RAW_VARIABLE).orElseThrow().value().resolve(Map.of(Retention.RAW_VARIABLE, "14"))).contains("14");

        var scaled = StockTrackerStack.define(options.withTopology(Topology.SCALED, 3));
        assertThat(scaled.service(StockTrackerStack.COLLECTOR).orElseThrow().env(Retention.RAW_VARIABLE)).isPresent();
        assertThat(scaled.service(StockTrackerStack.API).orElseThrow().env(Retention.RAW_VARIABLE)).as("API replicas never write").isEmpty();
    }

    @Test
    void windowsAreWholeDaysWithinTheBackendsBounds() {
        assertThatThrownBy(() -> new Retention(Duration.ofHours(36), Duration.ofDays(365))).hasMessageContaining("whole number of days");
        assertThatThrownBy(() -> Retention.days(2, 365)).hasMessageContaining("raw retention must be 3-3650 days, got 2");
        assertThatThrownBy(() -> Retention.days(60, 30)).hasMessageContaining("at least the raw one");
        assertThatThrownBy(() -> StackOptions.DEFAULTS.withRetention(null)).hasMessageContaining("retention must be set");
    }
}
