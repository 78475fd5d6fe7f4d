package dev.stackctl.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackctl.model.Stack;
import dev.stackctl.stack.StackOptions;
import dev.stackctl.stack.StockTrackerStack;
import dev.stackctl.compose.ComposeReader;
import org.junit.jupiter.api.Test;

/** Render, read back with the safe loader, compare: the writer and the reader agree on every field. */
class RoundTripTest {

    @Test
    void theStackSurvivesARoundTrip() {
        for (StackOptions o : new StackOptions[] {StackOptions.DEFAULTS, StackOptions.DEFAULTS.withPublishDatabases(true)}) {
            Stack stack = StockTrackerStack.define(o);
            ComposeReader.Result read = ComposeReader.read(new ComposeWriter("").write(stack));
            assertThat(read.problems()).isEmpty();
            assertThat(read.stack()).isEqualTo(stack);
        }
    }

    @Test
    void aRoundTripOfTheReadModelIsByteIdentical() {
        String once = new ComposeWriter("").write(StockTrackerStack.define());
        String twice = new ComposeWriter("").write(ComposeReader.read(once).stack());
        assertThat(twice).isEqualTo(once);
    }
}
