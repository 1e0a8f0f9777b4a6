package com.calendarpipe.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.Refused;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of rotation that need no server: the new key's name, the grace period, the revocation time. */
class RotationRulesTest {

    @Test
    void theNewKeyIsNamedAfterTheOldOneWithinTheNameLimit() {
        assertEquals("Production server (rotated)", ApiKeyService.rotatedName("Production server"));
        assertEquals("CI (rotated)", ApiKeyService.rotatedName("CI (rotated)"), "the suffix is not piled up");
        String longest = "n".repeat(100);
        String rotated = ApiKeyService.rotatedName(longest);
        assertEquals(100, rotated.length());
        assertEquals("n".repeat(90) + " (rotated)", rotated);
        // a character outside the BMP straddling the cut is dropped whole, never halved
        String emoji = "n".repeat(89) + "\uD83D\uDD11" + "n".repeat(9);
        String cut = ApiKeyService.rotatedName(emoji);
        assertEquals("n".repeat(89) + " (rotated)", cut);
        assertFalse(Character.isHighSurrogate(cut.charAt(88)));
    }

    @Test
    void graceIsOneDayUnlessGivenAndAWholeNumberOfSecondsUpToAWeek() {
        assertEquals(86_400, RotateKeyRequest.graceSeconds(null), "no body");
        assertEquals(86_400, RotateKeyRequest.graceSeconds(json("{}")));
        assertEquals(86_400, RotateKeyRequest.graceSeconds(json("{\"graceSeconds\":null}")));
        assertEquals(0, RotateKeyRequest.graceSeconds(json("{\"graceSeconds\":0}")));
        assertEquals(604_800, RotateKeyRequest.graceSeconds(json("{\"graceSeconds\":604800}")));
        for (String bad : List.of("-1", "604801", "1.5", "\"60\"", "true", "99999999999999999999")) {
            Refused refused = assertThrows(Refused.class,
                    () -> RotateKeyRequest.graceSeconds(json("{\"graceSeconds\":" + bad + "}")), bad);
            assertEquals(Refused.Kind.INVALID, refused.kind());
            assertEquals("graceSeconds", refused.details().get(0).field(), bad);
        }
        Refused unknown = assertThrows(Refused.class, () -> RotateKeyRequest.graceSeconds(json("{\"grace\":5}")));
        assertEquals("grace", unknown.details().get(0).field(), "a misspelt field is not silently ignored");
    }

    @Test
    void aScheduledRevocationCountsFromItsInstantOnAndAManualOneAlways() {
        Instant at = Instant.parse("2026-12-02T01:00:00Z");
        KeyIdentity rotated = new KeyIdentity("k", null, at, null);
        assertFalse(rotated.revoked(at.minusNanos(1_000)));
        assertTrue(rotated.revoked(at));
        assertTrue(rotated.revoked(at.plusSeconds(1)));
        assertFalse(rotated.revoked(), "not revoked by hand");
        assertTrue(new KeyIdentity("k", at, null, null).revoked(at.minusSeconds(60)));
        assertNull(KeyIdentity.effectiveRevocation(null, null, at));
        assertEquals(at, KeyIdentity.effectiveRevocation(null, at, at.plusSeconds(5)), "listed as revoked at the scheduled time");
        assertEquals(at.minusSeconds(9), KeyIdentity.effectiveRevocation(at.minusSeconds(9), at, at.plusSeconds(5)));
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
