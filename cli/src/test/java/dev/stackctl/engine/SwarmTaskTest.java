package dev.stackctl.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A task's state as {@code docker stack ps} prints it, read as running, still being prepared, or not yet on a node. */
class SwarmTaskTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // state as printed,          running, being prepared, unscheduled
            "'Running 5 seconds ago',        true,  false, false",
            "'Preparing 3 seconds ago',      false, true, false",
            "'Assigned 1 second ago',        false, true, false",
            "'Accepted less than a second ago', false, true, false",
            "'Starting 2 seconds ago',       false, false, false",
            "'Ready 1 second ago',           false, false, false",
            "'Pending 10 seconds ago',       false, false, true",
            "'New 1 second ago',             false, false, true",
            "'Rejected 4 seconds ago',       false, false, false",
            "'Failed 1 minute ago',          false, false, false",
    })
    void readsTheStateWord(String state, boolean running, boolean prepared, boolean unscheduled) {
        SwarmCli.Task t = new SwarmCli.Task("stock-tracker_api.1", "node-2", state, "");
        assertEquals(List.of(running, prepared, unscheduled), List.of(t.running(), t.beingPrepared(), t.unscheduled()), state);
    }
}
