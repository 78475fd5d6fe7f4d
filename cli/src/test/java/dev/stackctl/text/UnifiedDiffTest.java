package dev.stackctl.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

    @Test
    void equalTextsHaveNoDiff() {
        assertThat(UnifiedDiff.diff("a", "x\ny\n", "b", "x\ny\n")).isEmpty();
    }

    @Test
    void aChangedLineShowsAsHunkWithContext() {
        String a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        String b = "1\n2\n3\n4\nFIVE\n6\n7\n8\n9\n";
        assertThat(UnifiedDiff.diff("a/f", a, "b/f", b)).isEqualTo("""
                --- a/f
                +++ b/f
                @@ -2,7 +2,7 @@
                 2
                 3
                 4
                -5
                +FIVE
                 6
                 7
                 8
                """);
    }

    @Test
    void aMissingFileIsAllAdditions() {
        assertThat(UnifiedDiff.diff("a/f", "", "b/f", "x\n")).isEqualTo("--- a/f\n+++ b/f\n@@ -1,0 +1,1 @@\n+x\n");
    }
}
