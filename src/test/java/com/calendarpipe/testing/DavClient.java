package com.calendarpipe.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A small CalDAV client for the protocol tests: requests with Basic credentials (the account
 * email and an API key), fixtures from {@code src/test/resources/caldav}, and multistatus
 * answers parsed into resources and their properties.
 */
public final class DavClient {

    private final ApiClient api;
    private final String authorization;

    public DavClient(ApiClient api, String email, String key) {
        this.api = api;
        this.authorization = ApiClient.basic(email, key)[1];
    }

    public Reply send(String method, String path, String body, String... headers) {
        String[] all = new String[headers.length + 4];
        all[0] = "Authorization";
        all[1] = authorization;
        all[2] = "Content-Type";
        all[3] = body != null && body.startsWith("BEGIN:") ? "text/calendar; charset=utf-8" : "application/xml; charset=utf-8";
        System.arraycopy(headers, 0, all, 4, headers.length);
        return api.send(method, path, body, all);
    }

    public Reply propfind(String path, int depth, String body) {
        return send("PROPFIND", path, body, "Depth", Integer.toString(depth));
    }

    public Reply report(String path, String body) {
        return send("REPORT", path, body, "Depth", "1");
    }

    public Reply put(String path, String ics, String... headers) {
        return send("PUT", path, ics, headers);
    }

    /** A fixture of {@code src/test/resources/caldav/}, with {@code {{key}}} placeholders replaced. */
    public static String fixture(String name, String... replacements) {
        try (InputStream in = DavClient.class.getResourceAsStream("/caldav/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (int i = 0; i < replacements.length; i += 2) {
                text = text.replace("{{" + replacements[i] + "}}", replacements[i + 1]);
            }
            // iCalendar lines end in CRLF (RFC 5545 §3.1), whatever the fixture file uses
            return name.endsWith(".ics") ? text.replace("\r\n", "\n").replace("\n", "\r\n") : text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One resource of a multistatus: its status (for status-only answers) and properties by
     * {@code {ns}name}: those found, those answered with another status ({@code missing}), and for
     * each of these its status and the precondition its propstat names in a {@code DAV:error}.
     */
    public record Resource(String href, int status, Map<String, Element> found, Set<String> missing,
                           Map<String, Integer> statusOf, Map<String, String> errorOf) {
        public String text(String property) {
            Element value = found.get(property);
            return value == null ? null : value.getTextContent().strip();
        }
    }

    /** The resources of a 207 answer by href, in order; the sync token under the key {@code sync-token}. */
    public static Map<String, Resource> multistatus(Reply reply) {
        assertEquals(207, reply.status(), reply::toString);
        Document doc = xml(reply.body());
        Map<String, Resource> resources = new LinkedHashMap<>();
        for (Element response : children(doc.getDocumentElement(), "response")) {
            String href = children(response, "href").get(0).getTextContent().strip();
            int status = children(response, "status").stream().findFirst().map(DavClient::code).orElse(0);
            resources.put(href, propstats(href, status, response));
        }
        return resources;
    }

    /**
     * The answer to a MKCALENDAR or extended MKCOL that set no property (RFC 4791 §5.3.1.1, RFC
     * 5689 §3): its propstats, under a {@code mkcalendar-response} or {@code mkcol-response} root.
     */
    public static Resource mkcolResponse(Reply reply) {
        Element root = xml(reply.body()).getDocumentElement();
        assertTrue(Set.of("mkcalendar-response", "mkcol-response").contains(root.getLocalName()), reply::toString);
        return propstats(null, reply.status(), root);
    }

    private static Resource propstats(String href, int status, Element parent) {
        Map<String, Element> found = new LinkedHashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        Map<String, Integer> statusOf = new LinkedHashMap<>();
        Map<String, String> errorOf = new LinkedHashMap<>();
        for (Element propstat : children(parent, "propstat")) {
            int code = code(children(propstat, "status").get(0));
            String error = children(propstat, "error").stream().findFirst().map(DavClient::precondition).orElse(null);
            for (Element prop : children(propstat, "prop")) {
                for (Node p = prop.getFirstChild(); p != null; p = p.getNextSibling()) {
                    if (p instanceof Element property) {
                        String key = "{" + property.getNamespaceURI() + "}" + property.getLocalName();
                        statusOf.put(key, code);
                        if (error != null) {
                            errorOf.put(key, error);
                        }
                        if (code == 200) {
                            found.put(key, property);
                        } else {
                            missing.add(key);
                        }
                    }
                }
            }
        }
        return new Resource(href, status, found, missing, statusOf, errorOf);
    }

    public static String syncToken(Reply reply) {
        return children(xml(reply.body()).getDocumentElement(), "sync-token").get(0).getTextContent().strip();
    }

    /** The element named in a DAV:error body, as {@code {ns}name}, and its href if any. */
    public static String error(Reply reply) {
        Element root = xml(reply.body()).getDocumentElement();
        assertEquals("{DAV:}error", "{" + root.getNamespaceURI() + "}" + root.getLocalName(), reply::toString);
        return precondition(root);
    }

    /** The first element inside a {@code DAV:error}, as {@code {ns}name}, and its href if any. */
    private static String precondition(Element error) {
        for (Node n = error.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return "{" + e.getNamespaceURI() + "}" + e.getLocalName()
                        + (children(e, "href").isEmpty() ? "" : " " + children(e, "href").get(0).getTextContent());
            }
        }
        return null;
    }

    public static Document xml(String body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("Not XML: " + body, e);
        }
    }

    private static java.util.List<Element> children(Element parent, String davName) {
        java.util.List<Element> found = new java.util.ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "DAV:".equals(e.getNamespaceURI()) && davName.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    private static int code(Element status) {
        return Integer.parseInt(status.getTextContent().strip().split(" ")[1]);
    }
}
