package com.calendarpipe.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who a request came from, with and without trusted proxies, and what hostile headers cannot do. */
class ClientAddressTest {

    private static final ClientAddress.Trusted PROXIES = ClientAddress.Trusted.parse("10.0.0.0/8, 192.0.2.9, fd00::/8");

    private static String client(String peer, String... forwardedFor) {
        if (!PROXIES.contains(peer)) {
            return peer;
        }
        return ClientAddress.forwardedFor(peer, Arrays.asList(forwardedFor), PROXIES);
    }

    @Test
    void theRightMostAddressThatIsNoTrustedProxyIsTheClient() {
        assertEquals("203.0.113.7", client("192.0.2.9", "203.0.113.7"));
        assertEquals("203.0.113.7", client("10.1.2.3", "1.1.1.1, 203.0.113.7, 10.9.9.9"), "what the client wrote is left of it");
        assertEquals("203.0.113.7", client("10.1.2.3", "1.1.1.1", "203.0.113.7, 10.9.9.9"), "several header lines are one list");
        assertEquals("2001:db8:0:0:0:0:0:1", client("10.1.2.3", "[2001:db8::1]:4711"));
        assertEquals("203.0.113.7", client("10.1.2.3", "203.0.113.7:51000"));
        assertEquals("10.0.0.2", client("10.1.2.3", "10.0.0.2, 10.0.0.3"), "all trusted: the left-most");
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItSends() {
        assertEquals("198.51.100.1", client("198.51.100.1", "203.0.113.7"));
        assertEquals("192.0.2.10", client("192.0.2.10", "203.0.113.7"), "a neighbour of a trusted proxy is not one");
    }

    @Test
    void hostileHeadersFallBackToThePeer() {
        assertEquals("192.0.2.9", client("192.0.2.9"), "no header");
        assertEquals("192.0.2.9", client("192.0.2.9", ""), "empty");
        assertEquals("192.0.2.9", client("192.0.2.9", "unknown"));
        assertEquals("192.0.2.9", client("192.0.2.9", "evil.example.com"), "a name is never resolved");
        assertEquals("192.0.2.9", client("192.0.2.9", "203.0.113.7, 300.1.1.1"));
        assertEquals("192.0.2.9", client("192.0.2.9", "203.0.113.7, ,"));
        assertEquals("192.0.2.9", client("192.0.2.9", "1.2.3.4\u0000"));
        assertEquals("192.0.2.9", client("192.0.2.9", "1.2.3.4, ".repeat(1000) + "203.0.113.7"), "overlong");
        assertEquals("192.0.2.9", client("192.0.2.9", "::::::::::::::1"));
        assertEquals("192.0.2.9", client("192.0.2.9", "fe80::1%eth0"));
        assertEquals("192.0.2.9", client("192.0.2.9", (String) null));
    }

    @Test
    void forwardedProtoCountsOnlyFromATrustedProxy() {
        String setting = "192.0.2.9";
        assertTrue(ClientAddress.secure(true, "198.51.100.1", List.of(), setting), "HTTPS on the connection itself");
        assertTrue(ClientAddress.secure(false, "192.0.2.9", List.of("https"), setting));
        assertTrue(ClientAddress.secure(false, "192.0.2.9", List.of("http, HTTPS"), setting), "the nearest proxy's word");
        assertFalse(ClientAddress.secure(false, "198.51.100.1", List.of("https"), setting), "anyone can send it");
        assertFalse(ClientAddress.secure(false, "192.0.2.9", List.of("http"), setting));
        assertFalse(ClientAddress.secure(false, "192.0.2.9", List.of("https".repeat(100)), setting));
        assertFalse(ClientAddress.secure(false, "192.0.2.9", List.of("https"), ""), "no proxy trusted by default");
    }

    @Test
    void theSettingTakesAddressesAndNetworksAndSkipsTheRest() {
        ClientAddress.Trusted trusted = ClientAddress.Trusted.parse(" 127.0.0.9 ,bogus, 10.0.0.0/33, proxy.example, 172.16.0.0/12,::1");
        assertTrue(trusted.contains("127.0.0.9"));
        assertFalse(trusted.contains("127.0.0.1"));
        assertTrue(trusted.contains("172.31.255.255"));
        assertFalse(trusted.contains("172.32.0.0"));
        assertFalse(trusted.contains("10.0.0.1"), "a prefix longer than the address is no network");
        assertTrue(trusted.contains("0:0:0:0:0:0:0:1"));
        assertFalse(trusted.contains("not an address"));
        assertTrue(ClientAddress.Trusted.parse("").isEmpty());
    }

    @Test
    void literalsAreParsedNeverResolved() {
        assertEquals("192.0.2.1", ClientAddress.literal("192.0.2.1"));
        assertNull(ClientAddress.literal("localhost"));
        assertNull(ClientAddress.literal("1.2.3"));
        assertNull(ClientAddress.literal("[::1"));
    }
}
