package dev.stackctl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    @ParameterizedTest
    @CsvSource({"512M,536870912,512M", "1G,1073741824,1G", "1g,1073741824,1G", "1.5G,1610612736,1536M",
                "100k,102400,100K", "64mb,67108864,64M", "1000,1000,1000", "2048,2048,2K"})
    void memorySizeParsesAndPrintsCanonically(String text, long bytes, String printed) {
        MemorySize m = MemorySize.parse(text);
        assertThat(m.bytes()).isEqualTo(bytes);
        assertThat(m).hasToString(printed);
        assertThat(MemorySize.parse(m.toString())).isEqualTo(m);
    }

    @Test
    void memorySizeRejectsNonsenseWithAHint() {
        assertThatThrownBy(() -> MemorySize.parse("1Q")).hasMessageContaining("512M");
        assertThatThrownBy(() -> MemorySize.parse("0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MemorySize(-1)).hasMessageContaining("positive");
    }

    @ParameterizedTest
    @CsvSource({"10s,10000,10s", "1m30s,90000,1m30s", "500ms,500,500ms", "1h,3600000,1h", "90s,90000,1m30s", "1.5s,1500,1s500ms"})
    void durationsParseAndFormat(String text, long millis, String printed) {
        Duration d = Durations.parse(text);
        assertThat(d.toMillis()).isEqualTo(millis);
        assertThat(Durations.format(d)).isEqualTo(printed);
    }

    @Test
    void durationsRejectUnknownUnits() {
        assertThatThrownBy(() -> Durations.parse("5x")).hasMessageContaining("'5x' is not a duration");
        assertThatThrownBy(() -> Durations.parse("10")).hasMessageContaining("units");
        assertThatThrownBy(() -> Durations.parse("")).hasMessageContaining("empty");
    }

    @Test
    void interpolationKeepsReferencesApartFromText() {
        Interpolated v = Interpolated.parse("jdbc:postgresql://db:5432/${POSTGRES_DB:-stocks}?x=$$1");
        assertThat(v.isLiteral()).isFalse();
        assertThat(v.references()).containsExactly(new Interpolated.Ref("POSTGRES_DB", ":-", "stocks"));
        assertThat(v.resolve(Map.of())).contains("jdbc:postgresql://db:5432/stocks?x=$1");
        assertThat(v.resolve(Map.of("POSTGRES_DB", "prod"))).contains("jdbc:postgresql://db:5432/prod?x=$1");
        assertThat(Interpolated.parse(v.toString())).isEqualTo(v);
    }

    /** What docker compose 2.26 makes of each (compose config with the same variables). */
    @Test
    void aDefaultIsInterpolatedInItsTurn() {
        Interpolated image = Interpolated.parse("nginx:${TAG:-${TAG2:-latest}}");
        assertThat(image.resolve(Map.of())).contains("nginx:latest");
        assertThat(image.resolve(Map.of("TAG2", "1.27"))).contains("nginx:1.27");
        assertThat(image.resolve(Map.of("TAG", "1.28", "TAG2", "1.27"))).contains("nginx:1.28");
        assertThat(Interpolated.parse("${A:+${B:-alt}}").resolve(Map.of("A", "1"))).contains("alt");
        assertThat(Interpolated.parse("${A:+${B:-alt}}").resolve(Map.of())).contains("");
        assertThat(Interpolated.parse("${U-${V:-deep}}").resolve(Map.of())).contains("deep");
        assertThat(Interpolated.parse("${U:-cost $$5}").resolve(Map.of())).contains("cost $5");
        assertThat(Interpolated.parse("${U:-${V}}").resolve(Map.of())).as("an unset variable without default, nested").isEmpty();
    }

    @Test
    void requiredVariablesResolveOnlyWhenSet() {
        Interpolated v = Interpolated.parse("${PASSWORD:?set it}");
        assertThat(v.references().get(0).required()).isTrue();
        assertThat(v.resolve(Map.of())).isEmpty();
        assertThat(v.resolve(Map.of("PASSWORD", ""))).isEmpty();
        assertThat(v.resolve(Map.of("PASSWORD", "x"))).contains("x");
        assertThat(Interpolated.parse("$HOME/x").references()).extracting(Interpolated.Ref::name).containsExactly("HOME");
    }

    @Test
    void malformedInterpolationIsAnError() {
        assertThatThrownBy(() -> Interpolated.parse("${OPEN")).hasMessageContaining("unclosed");
        assertThat(Interpolated.parse("cost $ 5").resolve(Map.of())).as("a '$' that starts no reference stays, as in Compose").contains("cost $ 5");
        assertThatThrownBy(() -> Interpolated.parse("${A:x}")).hasMessageContaining("invalid variable reference");
    }

    @Test
    void portsAndNamesAreCheckedWhereTheyAreMade() {
        assertThatThrownBy(() -> PortBinding.of(70000, 80)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> PortBinding.of(80, 0)).hasMessageContaining("target");
        assertThat(PortBinding.loopback("X", 5432, 5432).onAllInterfaces()).isFalse();
        assertThat(PortBinding.variable("X", 80, 8080).hostPort(Map.of("X", "9090"))).contains(9090);
        assertThatThrownBy(() -> Service.builder("Bad Name").image(Interpolated.literal("x:1")).build()).hasMessageContaining("invalid");
        assertThatThrownBy(() -> Service.builder(" ").image(Interpolated.literal("x:1")).build()).hasMessageContaining("blank");
        assertThatThrownBy(() -> new HealthCheck(new HealthCheck.Shell("true"), Duration.ZERO, null, null, null, null))
                .hasMessageContaining("interval must be a positive duration");
        assertThatThrownBy(() -> RestartPolicy.parse("sometimes")).hasMessageContaining("unless-stopped");
        assertThat(RestartPolicy.parse("on-failure:5")).hasToString("on-failure:5");
    }

    @Test
    void toBuilderChangesOneFieldOnly() {
        Service s = Service.builder("web").image(Interpolated.literal("nginx:1.26"))
                .command(List.of("nginx", "-g", "daemon off;")).user("nginx").replicas(2)
                .resources(Resources.memory("64M")).readOnly(true).securityOpt(List.of("no-new-privileges:true"))
                .labels(Map.of("a", "b")).build();
        Service t = s.toBuilder().restart(RestartPolicy.UNLESS_STOPPED).build();
        assertThat(s.restart()).isNull();
        assertThat(t.restart()).isEqualTo(RestartPolicy.UNLESS_STOPPED);
        assertThat(t.toBuilder().restart(null).build()).isEqualTo(s);
        assertThat(t.process().command()).containsExactly("nginx", "-g", "daemon off;");
        assertThat(t.deploy().replicas()).isEqualTo(2);
        assertThat(t.security().readOnly()).isTrue();
    }

    @Test
    void serviceRejectsSelfDependencyAndNegativeReplicas() {
        Service.Builder b = Service.builder("web").image(Interpolated.literal("nginx:1.26"));
        assertThatThrownBy(() -> b.dependsOn(List.of(Dependency.healthy("web"))).build()).hasMessageContaining("cannot depend on itself");
        assertThatThrownBy(() -> Service.builder("web").image(Interpolated.literal("x:1")).replicas(-1).build())
                .hasMessageContaining("replicas must not be negative");
        assertThatThrownBy(() -> Service.builder("web").build()).hasMessageContaining("needs an image or a build");
    }
}
