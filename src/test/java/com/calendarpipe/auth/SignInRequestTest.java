package com.calendarpipe.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.calendarpipe.Refused;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sign-in body that names no credential is a 400 naming the field, never a wrong password. */
class SignInRequestTest {

    @Test
    void emailAndPasswordAreTakenAsTheyAre() {
        assertEquals(new SessionResource.SignInRequest("ann@example.com", " a long passphrase "),
                SessionResource.SignInRequest.of(json("{\"email\":\"ann@example.com\",\"password\":\" a long passphrase \"}")));
    }

    @Test
    void aMissingOrNullFieldIsRequired() {
        assertDetails(List.of("password: is required"), "{\"email\":\"ann@example.com\"}");
        assertDetails(List.of("email: is required"), "{\"email\":null,\"password\":\"x\"}");
        assertDetails(List.of("email: is required", "password: is required"), "{}");
    }

    @Test
    void aFieldThatIsNotAStringIsNamed() {
        assertDetails(List.of("email: must be a string", "password: must be a string"), "{\"email\":1,\"password\":2}");
        assertDetails(List.of("email: must be a string"), "{\"email\":[\"a@b.c\"],\"password\":\"x\"}");
        assertDetails(List.of("password: must be a string"), "{\"email\":\"a@b.c\",\"password\":{\"p\":\"x\"}}");
        assertDetails(List.of("password: must be a string"), "{\"email\":\"a@b.c\",\"password\":true}");
    }

    @Test
    void aBodyThatIsNoObjectNamesBothFields() {
        for (String body : new String[] {"[]", "[{\"email\":\"a@b.c\",\"password\":\"x\"}]", "\"a@b.c\"", "null", "42"}) {
            assertDetails(List.of("email: is required", "password: is required"), body);
        }
        assertDetails(List.of("email: is required", "password: is required"), null);
    }

    private static void assertDetails(List<String> expected, String body) {
        Refused refused = assertThrows(Refused.class, () -> SessionResource.SignInRequest.of(body == null ? null : json(body)));
        assertEquals(Refused.Kind.INVALID, refused.kind());
        assertEquals(expected, refused.details().stream().map(d -> d.field() + ": " + d.message()).toList(), body);
    }

    private static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }
}
