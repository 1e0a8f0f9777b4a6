package com.calendarpipe.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.calendarpipe.Refused;
import jakarta.json.stream.JsonParsingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON body check alone: what passes to the readers, and the 400s that never reach them. */
class JsonLimitsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "[]", "null", "\"x\"", "{\"title\":\"Weekly sync\",\"attendees\":[{\"email\":\"a@b.c\"}]}",
            "{\"n\":-12345678901234567890.5e-10}", "{\"title\":\"caf\u00e9 \\u0000 \\ud83d\\ude00\"}"})
    void ordinaryBodiesPass(String body) {
        JsonLimits.check(bytes(body));
    }

    @Test
    void nestingUpToTheLimitPassesAndOneLevelMoreIsRefused() {
        JsonLimits.check(bytes("[".repeat(JsonLimits.MAX_DEPTH) + "]".repeat(JsonLimits.MAX_DEPTH)));
        assertRefused("nests arrays and objects deeper than 32 levels",
                "[".repeat(JsonLimits.MAX_DEPTH + 1) + "]".repeat(JsonLimits.MAX_DEPTH + 1));
    }

    @Test
    void tenThousandLevelsOfArraysOrObjectsAreRefusedBeforeAnyReaderRecurses() {
        assertRefused("deeper than", "[".repeat(10_000) + "]".repeat(10_000));
        assertRefused("deeper than", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000));
        // unclosed: the limit is met long before the end is
        assertRefused("deeper than", "[".repeat(10_000));
    }

    @Test
    void aLongStringIsRefusedAsAValueAndAsAName() {
        JsonLimits.check(bytes("{\"t\":\"" + "a".repeat(JsonLimits.MAX_STRING) + "\"}"));
        assertRefused("a string longer than 65536 characters", "{\"t\":\"" + "a".repeat(2_000_000) + "\"}");
        assertRefused("a string longer than", "{\"" + "k".repeat(JsonLimits.MAX_STRING + 1) + "\":1}");
    }

    @Test
    void aHugeNumberIsRefusedAsTheTextItIs() {
        assertRefused("a number longer than 64 characters", "{\"n\":1" + "0".repeat(100_000) + "}");
        assertRefused("a number longer than", "[0." + "1".repeat(JsonLimits.MAX_NUMBER) + "]");
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        byte[] latin1 = "{\"title\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertRefused("not UTF-8", latin1);
        assertRefused("not UTF-8", new byte[] {'"', (byte) 0xC3, '(', '"'});
    }

    @Test
    void brokenSyntaxFailsAsTheReadersWouldSoTheMalformedJsonMapperAnswersIt() {
        for (String body : new String[] {"{", "{\"a\":}", "[1,]", "{\"a\":1} x", "{'a':1}", "{\"a\":\"\u0000\"}"}) {
            assertThrows(JsonParsingException.class, () -> JsonLimits.check(bytes(body)), body);
        }
    }

    private static void assertRefused(String expected, String body) {
        assertRefused(expected, bytes(body));
    }

    private static void assertRefused(String expected, byte[] body) {
        Refused refused = assertThrows(Refused.class, () -> JsonLimits.check(body));
        assertEquals(Refused.Kind.INVALID, refused.kind());
        assertEquals(true, refused.getMessage().contains(expected), refused.getMessage());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
