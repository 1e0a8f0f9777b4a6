package com.calendarpipe.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.Hammer;
import org.junit.jupiter.api.Test;

/** "A revoked key is dead at once": under load, no request sent after the revoke returned gets through. */
class RevocationUnderLoadIT extends ClientIT {

    @Test
    void everyRequestSentAfterTheRevokeReturnedIsRefused() throws Exception {
        ApiClient api = api();
        ApiClient.Session session = api.signIn(api.signUp());
        String key = api.createKey(session, "hammered");
        String keyId = api.get("/api/v1/api-keys", session.headers()).dataArray().getJsonObject(0).getString("id");

        Hammer.during(
                () -> assertEquals(204, api.send("DELETE", "/api/v1/api-keys/" + keyId, null, session.headers()).status()),
                () -> api.get("/api/v1/account", ApiClient.bearer(key)).status(),
                () -> api.get("/api/v1/account", ApiClient.bearer(key)).status()
        ).assertChanged(200, 401);
    }
}
