package dev.stackctl.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.stackctl.model.Service;
import dev.stackctl.stack.StockTrackerStack;
import org.junit.jupiter.api.Test;

/**
 * The hardening part of matches-model against the engine's own inspect JSON (as Docker 26 writes it:
 * capabilities with the CAP_ prefix, ulimits as name/soft/hard): what the model asks for passes, each
 * kind of drift is named.
 */
class HardeningConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static InspectContainerResponse inspect(String user, String capDrop, String capAdd, boolean readOnly, long pids, String securityOpt,
                                            long nofile) throws Exception {
        String json = """
                {"Config": {"User": "%s"},
                 "HostConfig": {"CapDrop": %s, "CapAdd": %s, "ReadonlyRootfs": %s, "PidsLimit": %d, "SecurityOpt": %s,
                                "Ulimits": [{"Name": "nofile", "Soft": %d, "Hard": %d}]}}
                """.formatted(user, capDrop, capAdd, readOnly, pids, securityOpt, nofile, nofile);
        return JSON.readValue(json, InspectContainerResponse.class);
    }

    private static Service backend() {
        return StockTrackerStack.define().service("backend").orElseThrow();
    }

    private static long nofile(Service s) {
        return s.security().ulimits().stream().filter(u -> u.name().equals("nofile")).findFirst().orElseThrow().soft();
    }

    @Test
    void whatTheModelAsksForPasses() throws Exception {
        Service b = backend();
        InspectContainerResponse i = inspect("10001:10001", "[\"ALL\"]", "null", true, b.security().pidsLimit(), "[\"no-new-privileges:true\"]", nofile(b));
        assertThat(ConformanceCheck.compareSecurity(b, i)).isEmpty();
    }

    @Test
    void everyKindOfDriftIsNamed() throws Exception {
        Service b = backend();
        InspectContainerResponse i = inspect("", "null", "[\"CAP_NET_RAW\"]", false, 100, "null", 1024);
        assertThat(ConformanceCheck.compareSecurity(b, i)).containsExactly(
                "backend: user '', model '10001:10001'",
                "backend: read-only root file system false, model true",
                "backend: cap_drop [], model [ALL]",
                "backend: pids limit 100, model " + b.security().pidsLimit(),
                "backend: no-new-privileges is not set (security options []), model sets it",
                "backend: ulimit nofile 1024:1024, model " + nofile(b) + ":" + nofile(b));
    }

    @Test
    void capabilitiesCompareWithOrWithoutThePrefix() throws Exception {
        Service s = backend().toBuilder().capAdd(java.util.List.of("CHOWN", "SETUID")).build();
        InspectContainerResponse i = inspect("10001:10001", "[\"ALL\"]", "[\"CAP_SETUID\", \"CAP_CHOWN\"]", true, s.security().pidsLimit(),
                "[\"no-new-privileges:true\"]", nofile(s));
        assertThat(ConformanceCheck.compareSecurity(s, i)).isEmpty();
        InspectContainerResponse missing = inspect("10001:10001", "[\"ALL\"]", "[\"CAP_CHOWN\"]", true, s.security().pidsLimit(),
                "[\"no-new-privileges:true\"]", nofile(s));
        assertThat(ConformanceCheck.compareSecurity(s, missing)).containsExactly("backend: cap_add [CAP_CHOWN], model [CAP_CHOWN, CAP_SETUID]");
    }
}
