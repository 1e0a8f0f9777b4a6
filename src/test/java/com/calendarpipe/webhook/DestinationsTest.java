package com.calendarpipe.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The SSRF table: every URL a webhook must never reach is refused, whichever way it is written,
 * without a lookup where the form alone tells; a public one passes; the operator's ranges open
 * exactly themselves. Names resolve through a table, never through the machine's DNS.
 */
class DestinationsTest {

    /** The names of the table and what they "resolve" to. */
    private static final Map<String, String[]> DNS = Map.of(
            "hooks.example.com", new String[] {"93.184.215.14"},
            "v6.example.com", new String[] {"2606:2800:21f:cb07:6820:80da:af6b:8b2c"},
            "localhost", new String[] {"127.0.0.1", "::1"},
            "loopback.example.com", new String[] {"127.0.0.1"},
            "metadata.example.com", new String[] {"169.254.169.254"},
            "mixed.example.com", new String[] {"93.184.215.14", "10.0.0.1"},
            "rebinding.example.com", new String[] {"192.168.1.1"});

    private static final Destinations.Resolver RESOLVER = host -> {
        String[] answer = DNS.get(host);
        if (answer == null) {
            // an address literal: the JDK reads it without a lookup; anything else is unknown
            if (host.contains(":") || host.matches("[0-9.]+")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        InetAddress[] addresses = new InetAddress[answer.length];
        for (int i = 0; i < answer.length; i++) {
            addresses[i] = InetAddress.getByName(answer[i]);
        }
        return addresses;
    };

    private final Destinations strict = new Destinations(false, "", RESOLVER);
    private final Destinations withHttp = new Destinations(true, "", RESOLVER);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://127.0.0.1/hook                 | loopback",
            "https://127.255.0.9/hook               | loopback",
            "https://localhost/hook                 | loopback",
            "https://loopback.example.com/hook      | loopback",
            "https://[::1]/hook                     | loopback",
            "https://0.0.0.0/hook                   | 0.0.0.0/8",
            "https://[::]/hook                      | unspecified",
            "https://10.1.2.3/hook                  | private",
            "https://172.16.0.1/hook                | private",
            "https://172.31.255.254/hook            | private",
            "https://192.168.0.10/hook              | private",
            "https://169.254.169.254/latest/meta-data | link-local",
            "https://metadata.example.com/hook      | link-local",
            "https://100.64.0.1/hook                | carrier-grade NAT",
            "https://100.127.255.254/hook           | carrier-grade NAT",
            "https://224.0.0.1/hook                 | multicast",
            "https://239.255.255.250/hook           | multicast",
            "https://255.255.255.255/hook           | reserved",
            "https://240.0.0.1/hook                 | reserved",
            "https://[fd00::1]/hook                 | unique-local",
            "https://[fc00::1]/hook                 | unique-local",
            "https://[fe80::1]/hook                 | link-local",
            "https://[ff02::1]/hook                 | multicast",
            "https://[::ffff:127.0.0.1]/hook        | loopback",
            "https://[::ffff:a9fe:a9fe]/hook        | link-local",
            "https://[::127.0.0.1]/hook             | IPv4-compatible",
            "https://[64:ff9b::a00:1]/hook          | IPv4 inside IPv6",
            "https://[2002:7f00:1::]/hook           | IPv4 inside IPv6",
            "https://mixed.example.com/hook         | private",
            "https://rebinding.example.com/hook     | private",
    })
    void refusesEveryAddressThatIsNotPublic(String url, String kind) {
        Destinations.Refusal refusal = assertThrows(Destinations.Refusal.class, () -> strict.resolve(url.strip()));
        assertTrue(refusal.getMessage().contains(kind.strip()), url + ": " + refusal.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://2130706433/hook       | four decimal numbers",
            "https://0x7f000001/hook       | four decimal numbers",
            "https://0x7f.0.0.1/hook       | four decimal numbers",
            "https://0177.0.0.1/hook       | four decimal numbers",
            "https://127.1/hook            | four decimal numbers",
            "https://017700000001/hook     | four decimal numbers",
            "https://127.0.0.1./hook       | four decimal numbers",
            "http://hooks.example.com/hook | https",
            "ftp://hooks.example.com/hook  | https",
            "file:///etc/passwd            | https",
            "gopher://127.0.0.1:25/        | https",
            "https://user:pw@hooks.example.com/hook | user name or password",
            "https:///hook                 | host",
            "https://unknown.invalid/hook  | resolves",
            "not a url                     | absolute URL",
    })
    void refusesWhatIsNotAPlainHttpsUrlOfAHost(String url, String message) {
        Destinations.Refusal refusal = assertThrows(Destinations.Refusal.class, () -> strict.resolve(url.strip()));
        assertTrue(refusal.getMessage().contains(message.strip()), url + ": " + refusal.getMessage());
    }

    @Test
    void refusesOverlongUrlsAndMissingOnes() {
        assertThrows(Destinations.Refusal.class, () -> strict.resolve("https://hooks.example.com/" + "a".repeat(2000)));
        assertThrows(Destinations.Refusal.class, () -> strict.resolve(null));
        assertThrows(Destinations.Refusal.class, () -> strict.resolve(" "));
    }

    @Test
    void acceptsPublicHostsWithTheirAddresses() throws Destinations.Refusal {
        Destinations.Target target = strict.resolve("https://hooks.example.com/calendarpipe?x=1");
        assertEquals("hooks.example.com", target.host());
        assertEquals(443, target.port());
        assertTrue(target.https());
        assertEquals("93.184.215.14", target.addresses().get(0).getHostAddress());
        assertEquals(8443, strict.resolve("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]:8443/").port());
        strict.resolve("https://v6.example.com/");
        strict.resolve("https://93.184.215.14/");
    }

    @Test
    void plainHttpOnlyWhereAllowed() throws Destinations.Refusal {
        assertEquals(80, withHttp.resolve("http://hooks.example.com/hook").port());
        assertThrows(Destinations.Refusal.class, () -> withHttp.resolve("http://127.0.0.1/hook"));
    }

    @Test
    void theOperatorsRangesOpenThemselvesOnly() throws Destinations.Refusal {
        Destinations lab = new Destinations(true, "127.0.0.0/8, fd00::/8, nonsense, 10.0.0.0/33, example.com/8", RESOLVER);
        lab.resolve("http://127.0.0.1:8080/hook");
        lab.resolve("http://localhost:8080/hook".replace("localhost", "loopback.example.com"));
        lab.resolve("https://[fd12::1]/hook");
        assertThrows(Destinations.Refusal.class, () -> lab.resolve("https://localhost/hook"), "::1 is not opened");
        assertThrows(Destinations.Refusal.class, () -> lab.resolve("https://10.0.0.1/hook"));
        assertThrows(Destinations.Refusal.class, () -> lab.resolve("https://169.254.169.254/"));
        assertEquals(2, Destinations.Cidr.list("127.0.0.0/8, fd00::/8, nonsense, 10.0.0.0/33, example.com/8").size());
    }

    @Test
    void retriesWaitLongerEachTimeWithATenthOfJitter() {
        List<Duration> delays = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(10));
        assertEquals(Duration.ofSeconds(5), WebhookSender.delay(delays, 1, 0.5));
        assertEquals(Duration.ofMillis(4500), WebhookSender.delay(delays, 1, 0.0));
        assertTrue(WebhookSender.delay(delays, 1, 0.999).toMillis() <= 5500);
        assertEquals(Duration.ofMinutes(5), WebhookSender.delay(delays, 2, 0.5));
        assertEquals(Duration.ofHours(10), WebhookSender.delay(delays, 3, 0.5));
        assertEquals(Duration.ofHours(10), WebhookSender.delay(delays, 12, 0.5), "the last one repeats");
    }
}
