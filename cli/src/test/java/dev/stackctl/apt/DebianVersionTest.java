package dev.stackctl.apt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DebianVersionTest {
    /** Pairs with a < b, from deb-version(7)'s rules and versions seen in trixie. */
    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({
        "1.26.3-3+deb13u10, 1.26.3-3+deb13u12",
        "21.0.13+9-1~deb13u1, 21.0.13.1+2-1~deb13u1",
        "1.0~rc1, 1.0",
        "1.0, 1.0-1",
        "1.0-1, 1.0-1+b1",
        "1:0.1, 2:0.0",
        "0.9, 1:0.1",
        "2.9, 2.10",
        "1.0a, 1.0b",
        "1.0, 1.0a",
        "1.0a, 1.0+",
        "1.0~~, 1.0~",
        "7.88.1-10+deb12u5, 8.14.1-2",
        "1.22.1-9, 1.22.1-9+deb13u1",
    })
    void ordersLikeDpkg(String lower, String higher) {
        assertThat(DebianVersion.compare(lower, higher)).isNegative();
        assertThat(DebianVersion.compare(higher, lower)).isPositive();
        assertThat(DebianVersion.compare(higher, higher)).isZero();
    }
}
