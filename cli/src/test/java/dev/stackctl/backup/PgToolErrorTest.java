package dev.stackctl.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The clause a failed pg_restore or pg_dump is reduced to in a one-line error. */
class PgToolErrorTest {
    @Test
    void theFirstErrorWithTheArchiveEntryItWasRestoringAndNotWhatFollows() {
        String stderr = """
                pg_restore: while PROCESSING TOC:
                pg_restore: from TOC entry 4873; 0 17524 TABLE DATA _hyper_1_3_chunk stocks
                pg_restore: error: COPY failed for table "_hyper_1_3_chunk": ERROR:  invalid input syntax for type numeric: "10\u0002.5"
                CONTEXT:  COPY _hyper_1_3_chunk, line 12871, column price: "10\u0002.5"
                pg_restore: warning: errors ignored on restore: 1
                """;
        assertThat(PgToolError.clause(stderr))
                .isEqualTo("at TABLE DATA _hyper_1_3_chunk: COPY failed for table \"_hyper_1_3_chunk\": ERROR: invalid input syntax for type numeric: \"10?.5\"")
                .hasLineCount(1);
    }

    @Test
    void aToolLineWithoutAnErrorPrefixIsTheLastLineAndNothingIsEmpty() {
        assertThat(PgToolError.clause("pg_restore: error: input file does not appear to be a valid archive\n"))
                .isEqualTo("input file does not appear to be a valid archive");
        assertThat(PgToolError.clause("something\nsh: pg_restore: not found\n")).isEqualTo("sh: pg_restore: not found");
        assertThat(PgToolError.clause("")).isEqualTo("no output");
        assertThat(PgToolError.clause(null)).isEqualTo("no output");
    }

    @Test
    void bytesOfADamagedDumpNeverBreakTheLineAndItStaysShort() {
        String junk = "pg_restore: error: could not uncompress data: \u0001\u0085\u2028" + "x".repeat(1000) + "\n";
        assertThat(PgToolError.clause(junk)).hasLineCount(1).startsWith("could not uncompress data: ???x").hasSize(PgToolError.MAX).endsWith("...");
    }
}
