package dev.stackctl.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.render.JUnitReport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifyPartsTest {

    @Test
    void aDeadlineNeverSleepsPastItsEnd() {
        Deadline d = Deadline.in(Duration.ofMillis(150));
        long t0 = System.nanoTime();
        while (d.pause(Duration.ofSeconds(5))) {
            // each pause is cut to what is left
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).isBetween(100L, 1_000L);
        assertThat(d.expired()).isTrue();
        assertThat(d.remaining()).isZero();
    }

    @Test
    void aChildDeadlineIsNeverLaterThanItsParent() {
        Deadline parent = Deadline.in(Duration.ofSeconds(1));
        assertThat(parent.within(Duration.ofMinutes(5)).end()).isEqualTo(parent.end());
        assertThat(parent.within(Duration.ofMillis(10)).end()).isBefore(parent.end());
    }

    @Test
    void junitXmlEscapesEvidenceAndCountsFailures() {
        String xml = JUnitReport.write("stackctl verify x", List.of(
                new JUnitReport.Case("stackctl.verify", "healthy", 1.5, null, "a<b & \"c\""),
                new JUnitReport.Case("stackctl.verify", "data-stores", 0.2, "login failed: <no>", null)));
        assertThat(xml).contains("tests=\"2\" failures=\"1\"", "a&lt;b &amp; &quot;c&quot;", "<failure message=\"login failed: &lt;no&gt;\"");
    }
}
