package com.calendarpipe.auth;

import com.calendarpipe.Settings;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The one place that says who a request came from: the client's address, and whether it arrived
 * over HTTPS. Both are the connection's own, unless the connection comes from a trusted proxy
 * ({@code CALENDARPIPE_TRUSTED_PROXIES}, none by default): then the address is the right-most
 * {@code X-Forwarded-For} entry that is not itself a trusted proxy (entries to its left were
 * written by the client, or by proxies we do not know, and prove nothing), and HTTPS is what the
 * proxy says in {@code X-Forwarded-Proto}. From any other peer both headers are ignored: anyone
 * can send them.
 * <p>
 * Hostile input never fails a request: a header over {@link #MAX_FORWARDED_CHARS}, or whose
 * right-most untrusted entry is not an IP literal, is ignored and the peer is the client. Names
 * are never resolved (no DNS): only literals are parsed.
 */
public final class ClientAddress {

    /** The longest {@code X-Forwarded-For} (all its lines together) read; a longer one is ignored. */
    static final int MAX_FORWARDED_CHARS = 2048;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Logger LOG = Logger.getLogger(ClientAddress.class.getName());

    /** The last setting parsed, with its text: parsed again only when the setting changes. */
    private static volatile Trusted current = Trusted.parse("");

    private ClientAddress() {
    }

    /** The client's address for this request. */
    public static String of(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        Trusted trusted = trusted(Settings.shared().trustedProxies());
        if (trusted.isEmpty() || !trusted.contains(peer)) {
            return peer;
        }
        return forwardedFor(peer, Collections.list(orEmpty(request.getHeaders("X-Forwarded-For"))), trusted);
    }

    /**
     * Whether a request arrived over HTTPS: {@code connectionSecure}, or {@code X-Forwarded-Proto}
     * (its right-most value, the one the nearest proxy added) is {@code https} and the peer is a
     * trusted proxy.
     */
    static boolean secure(boolean connectionSecure, String peer, List<String> forwardedProto, String setting) {
        if (connectionSecure) {
            return true;
        }
        if (forwardedProto.isEmpty()) {
            return false;
        }
        Trusted trusted = trusted(setting);
        if (trusted.isEmpty() || !trusted.contains(peer)) {
            return false;
        }
        String last = forwardedProto.get(forwardedProto.size() - 1);
        if (last == null || last.length() > 64) {
            return false;
        }
        int comma = last.lastIndexOf(',');
        return last.substring(comma + 1).trim().equalsIgnoreCase("https");
    }

    /**
     * The client behind a trusted {@code peer}: walking {@code X-Forwarded-For} from the right,
     * the first entry that is not a trusted proxy; the left-most entry when all are; the peer when
     * the header is absent, too long, or that entry is not an address.
     */
    static String forwardedFor(String peer, List<String> lines, Trusted trusted) {
        int length = 0;
        for (String line : lines) {
            length += line == null ? 0 : line.length() + 1;
        }
        if (length == 0 || length > MAX_FORWARDED_CHARS) {
            return peer;
        }
        List<String> entries = new ArrayList<>();
        for (String line : lines) {
            if (line != null) {
                for (String entry : line.split(",", -1)) {
                    entries.add(entry.strip());
                }
            }
        }
        String found = null;
        for (int i = entries.size() - 1; i >= 0; i--) {
            String address = literal(entries.get(i));
            if (address == null) {
                return peer;   // garbage where a proxy we trust would have written an address
            }
            found = address;
            if (!trusted.contains(address)) {
                return address;
            }
        }
        return found == null ? peer : found;
    }

    /**
     * The canonical text of an IP literal as an {@code X-Forwarded-For} entry may carry it
     * ({@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code 2001:db8::1}, {@code [2001:db8::1]:4711}),
     * or null for anything else (a name, {@code unknown}, an obfuscated identifier, junk).
     */
    static String literal(String entry) {
        byte[] bytes = bytes(entry);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException impossible) {
            return null;
        }
    }

    /** The address bytes of an IP literal (with an optional port), or null; never a DNS lookup. */
    static byte[] bytes(String entry) {
        if (entry == null || entry.isEmpty() || entry.length() > 64) {
            return null;
        }
        String host = entry;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = host.substring(1, close);
        } else if (host.indexOf(':') == host.lastIndexOf(':') && host.indexOf(':') > 0) {
            host = host.substring(0, host.indexOf(':'));   // IPv4 with a port
        }
        if (IPV4.matcher(host).matches()) {
            String[] parts = host.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(parts[i]);
                if (part > 255) {
                    return null;
                }
                bytes[i] = (byte) part;
            }
            return bytes;
        }
        if (host.indexOf(':') >= 0 && IPV6.matcher(host).matches()) {
            try {
                // a literal with a colon is parsed as IPv6, never resolved
                return InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException | SecurityException notALiteral) {
                return null;
            }
        }
        return null;
    }

    private static Enumeration<String> orEmpty(Enumeration<String> headers) {
        return headers == null ? Collections.emptyEnumeration() : headers;
    }

    /** The parsed setting, parsed again only when its text changed. */
    static Trusted trusted(String setting) {
        Trusted last = current;
        if (last.setting.equals(setting)) {
            return last;
        }
        Trusted parsed = Trusted.parse(setting);
        current = parsed;
        return parsed;
    }

    /** The trusted proxies: addresses and CIDR networks, IPv4 and IPv6. */
    static final class Trusted {
        private final String setting;
        private final List<byte[]> networks;
        private final List<Integer> prefixes;

        private Trusted(String setting, List<byte[]> networks, List<Integer> prefixes) {
            this.setting = setting;
            this.networks = networks;
            this.prefixes = prefixes;
        }

        /** Each comma-separated entry that is an address or a network; others are logged and skipped. */
        static Trusted parse(String setting) {
            List<byte[]> networks = new ArrayList<>();
            List<Integer> prefixes = new ArrayList<>();
            for (String raw : setting.split(",")) {
                String entry = raw.trim();
                if (entry.isEmpty()) {
                    continue;
                }
                int slash = entry.indexOf('/');
                String host = slash < 0 ? entry : entry.substring(0, slash);
                byte[] network = host.indexOf(':') >= 0 || IPV4.matcher(host).matches() ? bytes(host) : null;
                Integer prefix = null;
                if (network != null) {
                    try {
                        prefix = slash < 0 ? network.length * 8 : Integer.parseInt(entry.substring(slash + 1));
                    } catch (NumberFormatException e) {
                        prefix = null;
                    }
                }
                if (network == null || prefix == null || prefix < 0 || prefix > network.length * 8) {
                    LOG.warning("CALENDARPIPE_TRUSTED_PROXIES: '" + entry + "' is not an IP address or CIDR network; ignored");
                    continue;
                }
                networks.add(network);
                prefixes.add(prefix);
            }
            return new Trusted(setting, List.copyOf(networks), List.copyOf(prefixes));
        }

        boolean isEmpty() {
            return networks.isEmpty();
        }

        /** Whether the address (a literal; anything else is not trusted) is one of the proxies. */
        boolean contains(String address) {
            byte[] bytes = bytes(address);
            if (bytes == null) {
                return false;
            }
            for (int i = 0; i < networks.size(); i++) {
                if (within(bytes, networks.get(i), prefixes.get(i))) {
                    return true;
                }
            }
            return false;
        }

        private static boolean within(byte[] address, byte[] network, int prefix) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }
}
