package vn.stocktracker.market;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FuturesContractsTest {

    @Test
    void theCurrentAndTheNextMonthRollingAfterTheThirdThursday() {
        // December 2025: the third Thursday is the 18th
        assertThat(FuturesContracts.defaults(LocalDate.of(2025, 12, 18)).symbols()).containsExactly("VN30F2512", "VN30F2601");
        assertThat(FuturesContracts.defaults(LocalDate.of(2025, 12, 19)).symbols()).containsExactly("VN30F2601", "VN30F2602");
        assertThat(FuturesContracts.defaults(LocalDate.of(2025, 12, 1)).shown()).isNull();
        assertThat(Instruments.create(List.of(), LocalDate.of(2025, 12, 1)).ofType(Instrument.Type.FUTURES))
                .extracting(Instrument::symbol).containsExactly("VN30F2512", "VN30F2601");
    }

    @Test
    void anOverrideIsReadAndSorted() {
        List<String> problems = new ArrayList<>();
        FuturesContracts c = FuturesContracts.parse(" vn30f2603, VN30F2512 ", "VN30F2603", LocalDate.of(2025, 12, 1), problems);

        assertThat(problems).isEmpty();
        assertThat(c.symbols()).containsExactly("VN30F2512", "VN30F2603");
        assertThat(c.shown()).isEqualTo("VN30F2603");
        assertThat(FuturesContracts.parse("", "auto", LocalDate.of(2025, 12, 1), problems).shown()).isNull();
    }

    @Test
    void everyBadValueIsOneLineNamingTheVariableAndTheFix() {
        List<String> problems = new ArrayList<>();
        FuturesContracts c = FuturesContracts.parse("VN30F2511,VN30F2513,FPT,VN30F2601,VN30F2601", null,
                LocalDate.of(2025, 12, 1), problems);

        assertThat(problems).containsExactly(
                "FUTURES_CONTRACTS: 'VN30F2511' expired on 2025-11-20; the current contract is VN30F2512",
                "FUTURES_CONTRACTS: 'VN30F2513' is not a VN30 futures code; use VN30F then the year and month of expiry, e.g. VN30F2512,VN30F2601",
                "FUTURES_CONTRACTS: 'FPT' is not a VN30 futures code; use VN30F then the year and month of expiry, e.g. VN30F2512,VN30F2601",
                "FUTURES_CONTRACTS: 'VN30F2601' is listed twice; list each contract once");
        assertThat(c).isEqualTo(FuturesContracts.defaults(LocalDate.of(2025, 12, 1)));

        List<String> shown = new ArrayList<>();
        FuturesContracts.parse(null, "VN30F2606", LocalDate.of(2025, 12, 1), shown);
        assertThat(shown).containsExactly("FUTURES_SHOWN: 'VN30F2606' is not a tracked contract; use auto (the most traded) or one of VN30F2512, VN30F2601");
    }
}
