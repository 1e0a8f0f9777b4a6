package com.calendarpipe.caldav;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The one writer of DAV XML answers: 207 multistatus bodies (RFC 4918 §13) and DAV:error
 * bodies (§16). Every namespace the server uses is declared once, on the root element.
 */
final class Multistatus implements AutoCloseable {

    /** Writes one property's value (its content, inside the element the writer opened). */
    @FunctionalInterface
    interface Value {
        void write(XMLStreamWriter xml) throws XMLStreamException;

        Value EMPTY = xml -> { };

        static Value text(String text) {
            return xml -> xml.writeCharacters(text);
        }

        /**
         * Text with its carriage returns written as character references: an XML parser turns a
         * literal CRLF into LF (XML 1.0 §2.11), and calendar-data must reach the client exactly as stored.
         */
        static Value exact(String text) {
            return xml -> {
                String[] parts = text.split("\r", -1);
                for (int i = 0; i < parts.length; i++) {
                    if (i > 0) {
                        xml.writeEntityRef("#13");
                    }
                    xml.writeCharacters(parts[i]);
                }
            };
        }

        static Value href(String href) {
            return xml -> element(xml, Dav.DAV, "href", href);
        }
    }


    private final Writer out;
    private final DavXmlWriter xml;
    private final boolean rooted;

    private Multistatus(HttpServletResponse response, int status, QName root) throws IOException {
        this(opened(response, status), true);
        try {
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement(root.getNamespaceURI(), root.getLocalPart());
            xml.writeNamespace("d", Dav.DAV);
            xml.writeNamespace("c", Dav.CALDAV);
            xml.writeNamespace("cs", Dav.CALSERVER);
            xml.writeNamespace("ical", Dav.APPLE);
            xml.writeNamespace("cp", Dav.CALENDARPIPE);
        } catch (XMLStreamException e) {
            throw new IOException("Could not start the XML answer", e);
        }
    }

    private static Writer opened(HttpServletResponse response, int status) throws IOException {
        response.setStatus(status);
        response.setContentType("application/xml;charset=UTF-8");
        // XMLStreamWriter writes each tag, name and value as its own small write; straight into the
        // servlet's writer, each one is encoded and copied on its own (half the time of a
        // thousand-member listing went there), so they are gathered first and encoded in bulk
        return new Gathering(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
    }

    /** Writes into {@code out} with the prefixes every answer's root declares; {@code rooted}: inside that root. */
    private Multistatus(Writer out, boolean rooted) {
        this.out = out;
        this.rooted = rooted;
        xml = new DavXmlWriter(out);
        xml.setPrefix("d", Dav.DAV);
        xml.setPrefix("c", Dav.CALDAV);
        xml.setPrefix("cs", Dav.CALSERVER);
        xml.setPrefix("ical", Dav.APPLE);
        xml.setPrefix("cp", Dav.CALENDARPIPE);
    }

    /** Writes part of an answer. */
    @FunctionalInterface
    interface Part {
        void writeTo(Multistatus out) throws IOException;
    }

    /**
     * The markup {@code part} writes, outside any answer: to be put into answers later with
     * {@link #markup}. It uses the prefixes every answer's root declares.
     */
    static String fragment(Part part) throws IOException {
        StringWriter text = new StringWriter();
        try (Multistatus fragment = new Multistatus(new Gathering(text), false)) {
            part.writeTo(fragment);
        }
        return text.toString();
    }

    /** Markup made by {@link #fragment}, written as it is. */
    void markup(String fragment) throws IOException {
        try {
            xml.writeMarkup(fragment);
        } catch (XMLStreamException e) {
            throw new IOException("Could not write a DAV response", e);
        }
    }

    static Multistatus start(HttpServletResponse response) throws IOException {
        return new Multistatus(response, 207, Dav.dav("multistatus"));
    }

    /** A schedule-response body (RFC 6638 §10.1), answered 200, of {@link #recipient}s. */
    static Multistatus scheduleResponse(HttpServletResponse response) throws IOException {
        return new Multistatus(response, 200, Dav.caldav("schedule-response"));
    }

    /** One recipient's answer in a schedule-response (RFC 6638 §10.2): its request-status and, when any, the data. */
    void recipient(String address, String requestStatus, String calendarData) throws IOException {
        try {
            xml.writeStartElement(Dav.CALDAV, "response");
            xml.writeStartElement(Dav.CALDAV, "recipient");
            element(xml, Dav.DAV, "href", address);
            xml.writeEndElement();
            element(xml, Dav.CALDAV, "request-status", requestStatus);
            if (calendarData != null) {
                xml.writeStartElement(Dav.CALDAV, "calendar-data");
                Value.exact(calendarData).write(xml);
                xml.writeEndElement();
            }
            xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IOException("Could not write a schedule response", e);
        }
    }

    /**
     * What became of some properties a request set or removed (RFC 4918 §9.2.1): their status,
     * and the precondition they failed when one names it, for the {@code DAV:error} of their
     * propstat (§14.22).
     */
    record Outcome(int status, QName error) {
        static final Outcome OK = new Outcome(200, null);
        /** Not done because another property of the request failed. */
        static final Outcome FAILED_DEPENDENCY = new Outcome(424, null);

        static Outcome of(int status) {
            return new Outcome(status, null);
        }
    }

    /**
     * The answer to a MKCALENDAR (207, RFC 4791 §5.3.1.1) or extended MKCOL (403, RFC 5689 §3)
     * that set no property, under the method's own root: which properties failed and why, the
     * others failing with them.
     */
    static void notMade(HttpServletResponse response, int status, QName root, Map<Outcome, List<QName>> outcomes)
            throws IOException {
        try (Multistatus body = new Multistatus(response, status, root)) {
            body.propstats(outcomes);
        } catch (XMLStreamException e) {
            throw new IOException("Could not write the answer", e);
        }
    }

    /** One resource's properties set or removed by a PROPPATCH (RFC 4918 §9.2), each with its outcome. */
    void updated(String href, Map<Outcome, List<QName>> outcomes) throws IOException {
        try {
            xml.writeStartElement(Dav.DAV, "response");
            element(xml, Dav.DAV, "href", href);
            propstats(outcomes);
            xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IOException("Could not write a DAV response", e);
        }
    }

    private void propstats(Map<Outcome, List<QName>> outcomes) throws XMLStreamException {
        for (Map.Entry<Outcome, List<QName>> group : outcomes.entrySet()) {
            propstat(group.getValue(), group.getKey().status(), group.getKey().error());
        }
    }

    /** A propstat of properties named without their values, with their status and the precondition they failed (or null). */
    private void propstat(List<QName> names, int status, QName error) throws XMLStreamException {
        xml.writeStartElement(Dav.DAV, "propstat");
        xml.writeStartElement(Dav.DAV, "prop");
        for (QName name : names) {
            empty(name);
        }
        xml.writeEndElement();
        element(xml, Dav.DAV, "status", statusLine(status));
        if (error != null) {
            xml.writeStartElement(Dav.DAV, "error");
            empty(error);
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    /**
     * A DAV:error body naming the failed precondition, with an href inside it when given; for
     * need-privileges, the resource and the privilege (RFC 3744 §7.1.1).
     */
    static void error(HttpServletResponse response, DavError error) throws IOException {
        try (Multistatus body = new Multistatus(response, error.status, Dav.dav("error"))) {
            body.xml.writeStartElement(error.precondition.getNamespaceURI(), error.precondition.getLocalPart());
            if (error.privilege != null) {
                body.xml.writeStartElement(Dav.DAV, "resource");
                element(body.xml, Dav.DAV, "href", error.href);
                body.xml.writeStartElement(Dav.DAV, "privilege");
                body.xml.writeEmptyElement(error.privilege.getNamespaceURI(), error.privilege.getLocalPart());
                body.xml.writeEndElement();
                body.xml.writeEndElement();
            } else if (error.href != null) {
                element(body.xml, Dav.DAV, "href", error.href);
            }
            body.xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IOException("Could not write the DAV error", e);
        }
    }

    /** Writes the value of one of the properties a response names. */
    @FunctionalInterface
    interface Values {
        void write(QName name, XMLStreamWriter xml) throws XMLStreamException;
    }

    /** One resource: the properties found (200), and those not found (404) or refused with another status. */
    void response(String href, Map<QName, Value> found, Map<Integer, List<QName>> others) throws IOException {
        response(href, found.keySet(), (name, xml) -> found.get(name).write(xml), others);
    }

    /**
     * One resource: the properties {@code found} (200) with their {@code values}, and those not found
     * (404) or refused with another status. A listing names the same properties for each member,
     * so this form lets it write a thousand members without a map of each.
     */
    void response(String href, Collection<QName> found, Values values, Map<Integer, List<QName>> others)
            throws IOException {
        try {
            xml.writeStartElement(Dav.DAV, "response");
            element(xml, Dav.DAV, "href", href);
            if (!found.isEmpty() || others.isEmpty()) {
                xml.writeStartElement(Dav.DAV, "propstat");
                xml.writeStartElement(Dav.DAV, "prop");
                for (QName name : found) {
                    start(name);
                    values.write(name, xml);
                    xml.writeEndElement();
                }
                xml.writeEndElement();
                element(xml, Dav.DAV, "status", "HTTP/1.1 200 OK");
                xml.writeEndElement();
            }
            for (Map.Entry<Integer, List<QName>> group : others.entrySet()) {
                propstat(group.getValue(), group.getKey(), null);
            }
            xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IOException("Could not write a DAV response", e);
        }
    }

    /** A resource answered by status alone (a missing multiget href, a deleted member in a sync). */
    void response(String href, int status) throws IOException {
        try {
            xml.writeStartElement(Dav.DAV, "response");
            element(xml, Dav.DAV, "href", href);
            element(xml, Dav.DAV, "status", statusLine(status));
            xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IOException("Could not write a DAV response", e);
        }
    }

    /** The new token that ends a sync-collection answer (RFC 6578 §6.2). */
    void syncToken(String token) throws IOException {
        try {
            element(xml, Dav.DAV, "sync-token", token);
        } catch (XMLStreamException e) {
            throw new IOException("Could not write the sync token", e);
        }
    }

    private void empty(QName name) throws XMLStreamException {
        String prefix = xml.getPrefix(name.getNamespaceURI());
        if (prefix != null) {
            xml.writeEmptyElement(name.getNamespaceURI(), name.getLocalPart());
        } else {
            xml.writeEmptyElement("x", name.getLocalPart(), name.getNamespaceURI());
            xml.writeNamespace("x", name.getNamespaceURI());
        }
    }

    /** Opens a property's element, in a namespace of the answer's or one it declares (a dead property's, any). */
    private void start(QName name) throws XMLStreamException {
        if (xml.getPrefix(name.getNamespaceURI()) != null) {
            xml.writeStartElement(name.getNamespaceURI(), name.getLocalPart());
        } else {
            xml.writeStartElement("x", name.getLocalPart(), name.getNamespaceURI());
            xml.writeNamespace("x", name.getNamespaceURI());
        }
    }

    static void element(XMLStreamWriter xml, String namespace, String name, String text) throws XMLStreamException {
        xml.writeStartElement(namespace, name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    private static String statusLine(int status) {
        return "HTTP/1.1 " + status + " " + switch (status) {
            case 200 -> "OK";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 424 -> "Failed Dependency";
            case 400 -> "Bad Request";
            case 507 -> "Insufficient Storage";
            default -> "Status";
        };
    }

    @Override
    public void close() throws IOException {
        try {
            if (rooted) {
                xml.writeEndElement();
                xml.writeEndDocument();
            }
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("Could not end the XML answer", e);
        }
        out.close();
    }

    /**
     * Gathers the writer's many small writes into one array and hands them on in large pieces.
     * Not shared between threads, so unlike {@link java.io.BufferedWriter} it takes no lock per write.
     */
    private static final class Gathering extends Writer {

        private final Writer target;
        private final char[] buffer = new char[16 * 1024];
        private int used;

        Gathering(Writer target) {
            this.target = target;
        }

        @Override
        public void write(int c) throws IOException {
            if (used == buffer.length) {
                flushBuffer();
            }
            buffer[used++] = (char) c;
        }

        @Override
        public void write(char[] chars, int offset, int length) throws IOException {
            if (length > buffer.length - used) {
                flushBuffer();
                if (length > buffer.length) {
                    target.write(chars, offset, length);
                    return;
                }
            }
            System.arraycopy(chars, offset, buffer, used, length);
            used += length;
        }

        @Override
        public void write(String text, int offset, int length) throws IOException {
            if (length > buffer.length - used) {
                flushBuffer();
                if (length > buffer.length) {
                    target.write(text, offset, length);
                    return;
                }
            }
            text.getChars(offset, offset + length, buffer, used);
            used += length;
        }

        private void flushBuffer() throws IOException {
            target.write(buffer, 0, used);
            used = 0;
        }

        @Override
        public void flush() throws IOException {
            flushBuffer();
            target.flush();
        }

        @Override
        public void close() throws IOException {
            flushBuffer();
            target.close();
        }
    }
}
