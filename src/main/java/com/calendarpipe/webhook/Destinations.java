package com.calendarpipe.webhook;

import com.calendarpipe.Settings;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a webhook may send (server-side request forgery): an {@code https} URL (plain
 * {@code http} only where the operator allows it) whose host resolves to public addresses only.
 * Refused: loopback, the private ranges, link-local (the cloud's metadata address
 * {@code 169.254.169.254} among them), carrier-grade NAT, multicast, broadcast, reserved and
 * documentation ranges, {@code 0.0.0.0}, IPv6's unspecified, loopback, unique-local, link-local
 * and site-local ranges, and every IPv6 form that carries an IPv4 address (mapped, compatible,
 * NAT64, 6to4, Teredo), which would otherwise smuggle a private one through. A host written as a
 * number in any other form than four decimal parts ({@code 2130706433}, {@code 0x7f000001},
 * {@code 0177.0.0.1}, {@code 127.1}) is refused before any lookup: resolvers read those forms
 * differently. The operator may open chosen ranges ({@code CALENDARPIPE_WEBHOOK_ALLOW_PRIVATE}).
 * <p>
 * Checked when the webhook is set and again at every attempt's connect, on the addresses the
 * attempt then connects to ({@link #resolve}), so a name that resolves elsewhere later (DNS
 * rebinding) is refused then.
 */
final class Destinations {

    /** Why a destination is refused: its message names the rule, never anything the resolver said. */
    static final class Refusal extends Exception {
        Refusal(String message) {
            super(message);
        }
    }

    /** A URL found acceptable, and the addresses its host resolved to. */
    record Target(URI uri, String host, int port, boolean https, List<InetAddress> addresses) {
    }

    /** A name lookup: the JDK's, or a test's. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    static final int MAX_URL = 2000;
    private static final String NUMERIC = "must write an IP address as four decimal numbers (a.b.c.d)";
    /** A host whose every label is a number, decimal, octal or hex: what inet_aton reads as an IPv4 address. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(0[xX][0-9a-fA-F]*|[0-9]+)(\\.(0[xX][0-9a-fA-F]*|[0-9]+))*\\.?");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

    private final boolean allowHttp;
    private final List<Cidr> allowed;
    private final Resolver resolver;

    Destinations(boolean allowHttp, String allowPrivate, Resolver resolver) {
        this.allowHttp = allowHttp;
        this.allowed = Cidr.list(allowPrivate);
        this.resolver = resolver;
    }

    /** The operator's rules ({@code CALENDARPIPE_WEBHOOK_ALLOW_HTTP}, {@code …_ALLOW_PRIVATE}), read now, with the JDK's lookup. */
    static Destinations of(Settings settings) {
        return new Destinations(settings.webhookAllowHttp(), settings.webhookAllowPrivate(), InetAddress::getAllByName);
    }

    /** The URL checked and its host resolved, every address public or allowed. */
    Target resolve(String url) throws Refusal {
        URI uri = parse(url);
        String host = uri.getHost();
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new Refusal("must name a host that resolves");
        }
        if (addresses.length == 0) {
            throw new Refusal("must name a host that resolves");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address) && allowed.stream().noneMatch(c -> c.contains(address))) {
                throw new Refusal("must resolve to public addresses only (" + kind(address) + " refused)");
            }
        }
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        return new Target(uri, host, port, https, List.of(addresses));
    }

    /** The URL's form alone, without a lookup: scheme, host, no credentials. */
    URI parse(String url) throws Refusal {
        if (url == null || url.isBlank()) {
            throw new Refusal("is required");
        }
        if (url.length() > MAX_URL) {
            throw new Refusal("must be at most " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refusal("must be an absolute URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new Refusal(allowHttp ? "must be an https or http URL" : "must be an https URL");
        }
        if (uri.getHost() == null && uri.getRawAuthority() != null
                && NUMERIC_HOST.matcher(uri.getRawAuthority().replaceFirst(":[0-9]*$", "")).matches()) {
            throw new Refusal(NUMERIC);   // java.net.URI takes 127.1 for no host at all
        }
        if (uri.getHost() == null || uri.getRawAuthority() == null) {
            throw new Refusal("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refusal("must not carry a user name or password");
        }
        String host = uri.getHost();
        if (NUMERIC_HOST.matcher(host).matches() && !DOTTED_QUAD.matcher(host).matches()) {
            throw new Refusal(NUMERIC);
        }
        if (host.startsWith("[") && host.contains("%")) {
            throw new Refusal("must not name an IPv6 zone");
        }
        return uri;
    }

    /** Whether the address is one anybody on the Internet can reach: none of the ranges above. */
    static boolean isPublic(InetAddress address) {
        return kind(address) == null;
    }

    /** The kind of non-public range the address lies in, or null when it is public. */
    static String kind(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return kind4(b);
        }
        if (address instanceof Inet6Address) {
            return kind6(b);
        }
        return "unknown address family";
    }

    private static String kind4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 0) {
            return "0.0.0.0/8";
        }
        if (a0 == 127) {
            return "loopback";
        }
        if (a0 == 10 || a0 == 172 && (a1 & 0xf0) == 16 || a0 == 192 && a1 == 168) {
            return "private";
        }
        if (a0 == 169 && a1 == 254) {
            return "link-local";
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return "carrier-grade NAT";
        }
        if (a0 >= 224 && a0 <= 239) {
            return "multicast";
        }
        if (a0 >= 240) {
            return "reserved";
        }
        if (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2) || a0 == 198 && (a1 & 0xfe) == 18
                || a0 == 198 && a1 == 51 && a2 == 100 || a0 == 203 && a1 == 0 && a2 == 113) {
            return "reserved";
        }
        return null;
    }

    private static String kind6(byte[] b) {
        boolean zeroTo10 = true;
        for (int i = 0; i < 10; i++) {
            zeroTo10 &= b[i] == 0;
        }
        if (zeroTo10 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return "IPv4-mapped";
        }
        if (zeroTo10 && b[10] == 0 && b[11] == 0) {
            boolean low = b[12] == 0 && b[13] == 0 && b[14] == 0;
            return low && b[15] == 0 ? "unspecified" : low && b[15] == 1 ? "loopback" : "IPv4-compatible";
        }
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        if ((b0 & 0xfe) == 0xfc) {
            return "unique-local";
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
            return "link-local";
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
            return "site-local";
        }
        if (b0 == 0xff) {
            return "multicast";
        }
        if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                || b0 == 0x20 && b1 == 0x02 || b0 == 0x20 && b1 == 0x01 && b[2] == 0 && b[3] == 0) {
            return "IPv4 inside IPv6";
        }
        if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return "reserved";
        }
        return null;
    }

    /** One range of {@code CALENDARPIPE_WEBHOOK_ALLOW_PRIVATE}. */
    record Cidr(byte[] network, int bits) {

        /** The ranges of a comma-separated list; an entry that is not a CIDR range is ignored. */
        static List<Cidr> list(String text) {
            List<Cidr> ranges = new ArrayList<>();
            for (String item : text.split(",")) {
                String entry = item.strip();
                int slash = entry.indexOf('/');
                if (slash < 0) {
                    continue;
                }
                try {
                    String host = entry.substring(0, slash);
                    if (!host.contains(":") && !DOTTED_QUAD.matcher(host).matches()) {
                        continue;   // an address literal only: never a lookup here
                    }
                    byte[] network = InetAddress.getByName(host).getAddress();
                    int bits = Integer.parseInt(entry.substring(slash + 1));
                    if (bits >= 0 && bits <= network.length * 8) {
                        ranges.add(new Cidr(network, bits));
                    }
                } catch (UnknownHostException | NumberFormatException e) {
                    // ignored, as documented
                }
            }
            return ranges;
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((a[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Cidr that && bits == that.bits && Arrays.equals(network, that.network);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(network) + bits;
        }

        @Override
        public String toString() {
            return Arrays.toString(network) + "/" + bits;
        }
    }
}
