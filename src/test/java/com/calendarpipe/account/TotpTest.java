package com.calendarpipe.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {

    /** RFC 6238 Appendix B's SHA-1 seed, "12345678901234567890", in base32. */
    private static final String RFC_SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @Test
    void base32IsRfc4648() {
        assertEquals(RFC_SEED, Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals("12345678901234567890".getBytes(StandardCharsets.US_ASCII), Totp.unbase32(RFC_SEED.toLowerCase()));
        assertEquals("MZXW6YQ", Totp.base32("foob".getBytes(StandardCharsets.US_ASCII)));
    }

    /** RFC 6238 Appendix B, SHA-1 column: the last six of its eight digits. */
    @ParameterizedTest
    @CsvSource({"59, 287082", "1111111109, 081804", "1111111111, 050471", "1234567890, 005924",
            "2000000000, 279037", "20000000000, 353130"})
    void codesAreRfc6238s(long time, String code) {
        assertEquals(code, Totp.code(RFC_SEED, Totp.step(time)));
    }

    @Test
    void oneStepOfSkewEitherSideAndNoMore() {
        long now = 1_234_567_890;
        long step = Totp.step(now);
        assertEquals(OptionalLong.of(step), Totp.match(RFC_SEED, Totp.code(RFC_SEED, step), now, Long.MIN_VALUE));
        assertEquals(OptionalLong.of(step - 1), Totp.match(RFC_SEED, Totp.code(RFC_SEED, step - 1), now, Long.MIN_VALUE));
        assertEquals(OptionalLong.of(step + 1), Totp.match(RFC_SEED, Totp.code(RFC_SEED, step + 1), now, Long.MIN_VALUE));
        assertTrue(Totp.match(RFC_SEED, Totp.code(RFC_SEED, step - 2), now, Long.MIN_VALUE).isEmpty());
        assertTrue(Totp.match(RFC_SEED, Totp.code(RFC_SEED, step + 2), now, Long.MIN_VALUE).isEmpty());
        assertEquals(OptionalLong.of(step), Totp.match(RFC_SEED, "005 924", now, Long.MIN_VALUE), "spaces as apps show them");
    }

    @Test
    void aCodeOfAStepUsedOrEarlierIsAReplay() {
        long now = 1_234_567_890;
        long step = Totp.step(now);
        String code = Totp.code(RFC_SEED, step);
        assertTrue(Totp.match(RFC_SEED, code, now, step).isEmpty(), "the same code again");
        assertTrue(Totp.match(RFC_SEED, Totp.code(RFC_SEED, step - 1), now, step).isEmpty(), "an older one after it");
        assertEquals(OptionalLong.of(step + 1), Totp.match(RFC_SEED, Totp.code(RFC_SEED, step + 1), now, step), "the next one");
    }

    @ParameterizedTest
    @CsvSource(value = {"''", "12345", "1234567", "abcdef", "１２３４５６", "-12345", "null"}, nullValues = "null")
    void anythingButSixDigitsIsNoCode(String candidate) {
        assertTrue(Totp.match(RFC_SEED, candidate, 1_234_567_890, Long.MIN_VALUE).isEmpty(), String.valueOf(candidate));
    }

    @Test
    void theUriIsWhatAuthenticatorAppsRead() {
        assertEquals("otpauth://totp/CalendarPipe:ann%2Bwork%40example.com?secret=" + RFC_SEED
                        + "&issuer=CalendarPipe&algorithm=SHA1&digits=6&period=30",
                Totp.uri("CalendarPipe", "ann+work@example.com", RFC_SEED));
    }

    @Test
    void recoveryCodesAreTwelveLettersInThreeGroupsAndReadAsTyped() {
        String code = TwoFactor.newRecoveryCode();
        assertTrue(code.matches("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}"), code);
        assertEquals(code, TwoFactor.normalized(code.toUpperCase().replace("-", " ")));
        assertEquals(code, TwoFactor.normalized(code.replace("-", "")));
    }
}
