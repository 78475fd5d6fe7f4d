package dev.stackctl.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A task's state as {@code docker stack ps} prints it, read as running or still being prepared. */
class SwarmTaskTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // state as printed,          running, being prepared
            "'Running 5 seconds ago',        true,  false",
            "'Preparing 3 seconds ago',      false, true",
            "'Assigned 1 second ago',        false, true",
            "'Accepted less than a second ago', false, true",
            "'Starting 2 seconds ago',       false, false",
            "'Ready 1 second ago',           false, false",
            "'Pending 10 seconds ago',       false, false",
            "'New 1 second ago',             false, false",
            "'Rejected 4 seconds ago',       false, false",
            "'Failed 1 minute ago',          false, false",
    })
    void readsTheStateWord(String state, boolean running, boolean prepared) {
        SwarmCli.Task t = new SwarmCli.Task("stock-tracker_api.1", "node-2", state, "");
        assertEquals(List.of(running, prepared), List.of(t.running(), t.beingPrepared()), state);
    }
}
