package com.calendarpipe.caldav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.Reply;
import org.junit.jupiter.api.Test;

/** The DAV side of authentication: Basic (email + key) and Bearer on /dav/, discovery, hostile XML. */
class DavDiscoveryIT extends ClientIT {
    private static final String PRINCIPAL_QUERY = """
            <?xml version="1.0" encoding="utf-8"?>
            <d:propfind xmlns:d="DAV:"><d:prop><d:current-user-principal/></d:prop></d:propfind>""";

    @Test
    void basicWithTheEmailInAnyCaseAndBearerBothFindThePrincipal() {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        String key = api.createKey(api.signIn(account), "dav");
        String principal = "<d:href>/dav/principals/" + account.id() + "/</d:href>";

        Reply basic = api.send("PROPFIND", "/dav/", PRINCIPAL_QUERY,
                join(ApiClient.basic(account.email().toUpperCase(), key), "Depth", "0", "Content-Type", "application/xml"));
        assertEquals(207, basic.status(), basic::toString);
        assertTrue(basic.body().contains(principal), basic::toString);

        Reply bearer = api.send("PROPFIND", "/dav/", PRINCIPAL_QUERY,
                join(ApiClient.bearer(key), "Depth", "0", "Content-Type", "application/xml"));
        assertEquals(207, bearer.status(), bearer::toString);
        assertTrue(bearer.body().contains(principal), bearer::toString);

        Reply options = api.send("OPTIONS", "/dav/", null, ApiClient.basic(account.email(), key));
        assertEquals(200, options.status(), options::toString);
        assertTrue(options.header("DAV").contains("calendar-access"), options::toString);
    }

    @Test
    void unauthenticatedDavIsChallengedForBasic() {
        ApiClient api = api();
        for (String path : new String[] {"/dav/", "/dav", "/.well-known/caldav", "/dav/principals/x/"}) {
            Reply reply = api.send("PROPFIND", path, PRINCIPAL_QUERY, "Content-Type", "application/xml");
            assertEquals(401, reply.status(), () -> path + ": " + reply);
            assertEquals("Basic realm=\"CalendarPipe\", charset=\"UTF-8\"", reply.header("WWW-Authenticate"));
        }
    }

    @Test
    void wellKnownRedirectsToTheDavRoot() {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        String key = api.createKey(api.signIn(account), "dav");
        Reply reply = api.get("/.well-known/caldav", ApiClient.basic(account.email(), key));
        assertEquals(301, reply.status(), reply::toString);
        assertEquals("/dav/", reply.header("Location"));
        // python caldav PROPFINDs the server URL it is given, the root, without RFC 6764 discovery
        Reply root = api.send("PROPFIND", "/", null, "Authorization", ApiClient.basic(account.email(), key)[1], "Depth", "0");
        assertEquals(301, root.status(), root::toString);
        assertEquals("/dav/", root.header("Location"));
        assertEquals(200, api.get("/").status(), "other methods on the root are the console's");
    }

    @Test
    void aFreeAccountsKeyIsPaymentRequiredOnDavToo() {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        String key = api.createKey(api.signIn(account), "dav");
        // a Free account cannot create keys: downgrade one that has a key, as an operator would
        ApiClient.Session admin = api.adminSession();
        assertEquals(200, api.send("PATCH", "/api/v1/admin/accounts/" + account.id(), "{\"plan\":\"FREE\"}",
                admin.headers()).status());
        Reply reply = api.send("PROPFIND", "/dav/", null, ApiClient.basic(account.email(), key));
        assertEquals(402, reply.status(), reply::toString);
    }

    @Test
    void xmlWithADoctypeIsRefusedWithoutBeingExpanded() {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        String key = api.createKey(api.signIn(account), "dav");
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <d:propfind xmlns:d="DAV:"><d:prop><d:displayname>&x;</d:displayname></d:prop></d:propfind>""";
        String laughs = """
                <?xml version="1.0"?>
                <!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
                <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
                <d:propfind xmlns:d="DAV:"><d:prop><d:displayname>&d;</d:displayname></d:prop></d:propfind>""";
        for (String body : new String[] {xxe, laughs, "<not xml"}) {
            Reply reply = api.send("PROPFIND", "/dav/", body,
                    join(ApiClient.basic(account.email(), key), "Content-Type", "application/xml"));
            assertEquals(400, reply.status(), reply::toString);
            assertFalse(reply.body().contains("root:"), "no file content leaks");
        }
    }

    private static String[] join(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
