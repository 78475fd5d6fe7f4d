package vn.stocktracker.source;

import vn.stocktracker.market.Instruments;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceRegistryTest {

    @Test
    void knowsTheThreeSourcesAndFindsTheirProviders() {
        assertThat(SourceRegistry.names()).containsExactly("simulated", "ssi", "replay");
        for (String name : SourceRegistry.names()) {
            assertThat(SourceRegistry.provider(name).name()).isEqualTo(name);
        }
    }

    @Test
    void unknownNamesAreAOneLineError() {
        assertThatThrownBy(() -> SourceRegistry.provider("bloomberg"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MARKET_SOURCE=bloomberg is not a known source; use one of simulated, ssi, replay");
    }

    @Test
    void theSimulatedSourceStartsReportsStreamingAndStops() throws Exception {
        SourceContext ctx = new SourceContext(Map.of(), Instruments.create(List.of(), LocalDate.now()), Clock.systemUTC(),
                1, 1_000, "open");
        SourceProvider p = SourceRegistry.provider("simulated");
        assertThat(p.validate(ctx)).isEmpty();
        MarketDataSource s = p.create(ctx);
        assertThat(s.status().state()).isEqualTo(SourceState.NEW);
        java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong();
        long t0 = System.nanoTime();
        s.start(e -> n.incrementAndGet());
        assertThat(System.nanoTime() - t0).as("start returns at once").isLessThan(1_000_000_000L);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (n.get() < 200 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(n.get()).isGreaterThanOrEqualTo(200);
        assertThat(s.status().state()).isEqualTo(SourceState.STREAMING);
        assertThat(s.status().eventsOut()).isPositive();
        s.stop();
        long after = n.get();
        Thread.sleep(100);
        assertThat(n.get()).as("no event after stop").isEqualTo(after);
        assertThat(s.status().state()).isEqualTo(SourceState.STOPPED);
    }
}
