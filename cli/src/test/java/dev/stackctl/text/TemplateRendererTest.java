package dev.stackctl.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {

    @Test
    void replacesPlaceholders() {
        assertThat(TemplateRenderer.render("t", "proxy_pass http://{{host}}:{{ port }};", Map.of("host", "backend", "port", "8000")))
                .isEqualTo("proxy_pass http://backend:8000;");
    }

    @Test
    void anUnknownPlaceholderIsAnErrorNamingItAndItsLine() {
        assertThatThrownBy(() -> TemplateRenderer.render("nginx.conf", "a\n{{backend_hots}}\n", Map.of("backend_host", "x")))
                .isInstanceOf(TemplateRenderer.TemplateException.class)
                .hasMessageContaining("nginx.conf").hasMessageContaining("backend_hots (line 2)").hasMessageContaining("backend_host");
    }

    @Test
    void strictModeRejectsUnusedValues() {
        assertThatThrownBy(() -> TemplateRenderer.renderStrict("t", "{{a}}", Map.of("a", "1", "b", "2")))
                .hasMessageContaining("not used").hasMessageContaining("b");
    }
}
