package com.calendarpipe.caldav;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import javax.xml.namespace.NamespaceContext;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The XML writer under {@link Multistatus}: a plain, non-repairing {@link XMLStreamWriter} that
 * writes straight into its {@link Writer}. The JDK's own writer interns every element name and
 * namespace in a symbol table and looks each prefix up through layers of contexts; for a listing
 * of a thousand calendar objects (eleven elements each) that was most of the time the answer took.
 * Prefixes are bound with {@link #setPrefix} or {@link #writeNamespace} and looked up from the
 * innermost element out; a namespace with no prefix bound is an error, as in any non-repairing
 * writer. Text and attribute values are escaped; names are written as given (the server's own).
 */
final class DavXmlWriter implements XMLStreamWriter {

    private record Binding(int depth, String prefix, String uri) {
    }

    private final Writer out;
    /** The prefixes ("" for none) and local names of the open elements, innermost last. */
    private final List<String> openPrefixes = new ArrayList<>();
    private final List<String> open = new ArrayList<>();
    private final List<Binding> bindings = new ArrayList<>();
    /** A start tag whose {@code >} (or {@code />} when empty) is not written yet: attributes may follow. */
    private boolean inStartTag;
    private boolean emptyElement;

    DavXmlWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void writeStartElement(String localName) throws XMLStreamException {
        start("", localName, false);
    }

    @Override
    public void writeStartElement(String namespaceURI, String localName) throws XMLStreamException {
        start(prefixOf(namespaceURI), localName, false);
    }

    @Override
    public void writeStartElement(String prefix, String localName, String namespaceURI) throws XMLStreamException {
        start(prefix, localName, false);
    }

    @Override
    public void writeEmptyElement(String namespaceURI, String localName) throws XMLStreamException {
        start(prefixOf(namespaceURI), localName, true);
    }

    @Override
    public void writeEmptyElement(String prefix, String localName, String namespaceURI) throws XMLStreamException {
        start(prefix, localName, true);
    }

    @Override
    public void writeEmptyElement(String localName) throws XMLStreamException {
        start("", localName, true);
    }

    private void start(String prefix, String localName, boolean empty) throws XMLStreamException {
        closeStartTag();
        raw('<');
        name(prefix, localName);
        inStartTag = true;
        emptyElement = empty;
        if (!empty) {
            openPrefixes.add(prefix == null ? "" : prefix);
            open.add(localName);
        }
    }

    /** A qualified name, written in its parts rather than made into one more String. */
    private void name(String prefix, String localName) throws XMLStreamException {
        if (prefix != null && !prefix.isEmpty()) {
            raw(prefix);
            raw(':');
        }
        raw(localName);
    }

    @Override
    public void writeEndElement() throws XMLStreamException {
        closeStartTag();
        if (open.isEmpty()) {
            throw new XMLStreamException("No element to end");
        }
        // the bindings declared on the element end with it
        unbindBelow(open.size() - 1);
        String localName = open.remove(open.size() - 1);
        String prefix = openPrefixes.remove(openPrefixes.size() - 1);
        raw("</");
        name(prefix, localName);
        raw('>');
    }

    /** Markup made by another writer with the same prefixes bound, written as it is (not escaped). */
    void writeMarkup(String markup) throws XMLStreamException {
        closeStartTag();
        raw(markup);
    }

    @Override
    public void writeEndDocument() throws XMLStreamException {
        while (!open.isEmpty()) {
            writeEndElement();
        }
        closeStartTag();
    }

    @Override
    public void close() throws XMLStreamException {
        flush();
    }

    @Override
    public void flush() throws XMLStreamException {
        try {
            out.flush();
        } catch (IOException e) {
            throw new XMLStreamException(e);
        }
    }

    @Override
    public void writeAttribute(String localName, String value) throws XMLStreamException {
        attribute("", localName, value);
    }

    @Override
    public void writeAttribute(String prefix, String namespaceURI, String localName, String value)
            throws XMLStreamException {
        attribute(prefix, localName, value);
    }

    @Override
    public void writeAttribute(String namespaceURI, String localName, String value) throws XMLStreamException {
        attribute(prefixOf(namespaceURI), localName, value);
    }

    private void attribute(String prefix, String localName, String value) throws XMLStreamException {
        if (!inStartTag) {
            throw new XMLStreamException("An attribute must follow a start tag");
        }
        raw(' ');
        name(prefix, localName);
        raw("=\"");
        escaped(value, true);
        raw('"');
    }

    @Override
    public void writeNamespace(String prefix, String namespaceURI) throws XMLStreamException {
        if (prefix == null || prefix.isEmpty() || prefix.equals("xmlns")) {
            writeDefaultNamespace(namespaceURI);
            return;
        }
        attribute("xmlns", prefix, namespaceURI);
        bind(prefix, namespaceURI);
    }

    @Override
    public void writeDefaultNamespace(String namespaceURI) throws XMLStreamException {
        attribute("", "xmlns", namespaceURI);
        bind("", namespaceURI);
    }

    @Override
    public void writeComment(String data) throws XMLStreamException {
        if (data.contains("--")) {
            throw new XMLStreamException("A comment cannot hold --");
        }
        closeStartTag();
        raw("<!--");
        raw(data);
        raw("-->");
    }

    @Override
    public void writeProcessingInstruction(String target) throws XMLStreamException {
        writeProcessingInstruction(target, null);
    }

    @Override
    public void writeProcessingInstruction(String target, String data) throws XMLStreamException {
        closeStartTag();
        raw("<?");
        raw(target);
        if (data != null) {
            raw(' ');
            raw(data);
        }
        raw("?>");
    }

    @Override
    public void writeCData(String data) throws XMLStreamException {
        // the server never needs CDATA; as escaped text it means the same
        writeCharacters(data);
    }

    @Override
    public void writeDTD(String dtd) throws XMLStreamException {
        throw new XMLStreamException("This writer writes no DTD");
    }

    @Override
    public void writeEntityRef(String name) throws XMLStreamException {
        closeStartTag();
        raw('&');
        raw(name);
        raw(';');
    }

    @Override
    public void writeStartDocument() throws XMLStreamException {
        writeStartDocument("UTF-8", "1.0");
    }

    @Override
    public void writeStartDocument(String version) throws XMLStreamException {
        writeStartDocument("UTF-8", version);
    }

    @Override
    public void writeStartDocument(String encoding, String version) throws XMLStreamException {
        raw("<?xml version=\"" + version + "\" encoding=\"" + encoding + "\"?>");
    }

    @Override
    public void writeCharacters(String text) throws XMLStreamException {
        closeStartTag();
        escaped(text, false);
    }

    @Override
    public void writeCharacters(char[] text, int start, int len) throws XMLStreamException {
        writeCharacters(new String(text, start, len));
    }

    @Override
    public String getPrefix(String uri) {
        for (int i = bindings.size() - 1; i >= 0; i--) {
            Binding binding = bindings.get(i);
            // the server's namespaces are constants: the same String, so usually found by identity
            if (binding.uri() == uri || binding.uri().equals(uri)) {
                return binding.prefix();
            }
        }
        return null;
    }

    @Override
    public void setPrefix(String prefix, String uri) {
        bind(prefix, uri);
    }

    @Override
    public void setDefaultNamespace(String uri) {
        bind("", uri);
    }

    @Override
    public void setNamespaceContext(NamespaceContext context) throws XMLStreamException {
        throw new XMLStreamException("Bind prefixes with setPrefix");
    }

    @Override
    public NamespaceContext getNamespaceContext() {
        return null;
    }

    @Override
    public Object getProperty(String name) {
        throw new IllegalArgumentException("No property " + name);
    }

    /**
     * Binds in the scope of the element whose start tag is open (an empty element's binding ends
     * with its tag), else in that of the enclosing element.
     */
    private void bind(String prefix, String uri) {
        bindings.add(new Binding(inStartTag && emptyElement ? open.size() + 1 : open.size(), prefix, uri));
    }

    private void unbindBelow(int depth) {
        while (!bindings.isEmpty() && bindings.get(bindings.size() - 1).depth() > depth) {
            bindings.remove(bindings.size() - 1);
        }
    }

    private String prefixOf(String namespaceURI) throws XMLStreamException {
        String prefix = getPrefix(namespaceURI);
        if (prefix == null) {
            throw new XMLStreamException("No prefix bound to " + namespaceURI);
        }
        return prefix;
    }

    private void closeStartTag() throws XMLStreamException {
        if (inStartTag) {
            raw(emptyElement ? "/>" : ">");
            inStartTag = false;
            if (emptyElement) {
                unbindBelow(open.size());
            }
        }
    }

    /** Text with {@code & < >} escaped, and in attributes also quotes and the whitespace a parser would fold. */
    private void escaped(String text, boolean attribute) throws XMLStreamException {
        try {
            int from = 0;
            for (int i = 0; i < text.length(); i++) {
                String replacement = switch (text.charAt(i)) {
                    case '&' -> "&amp;";
                    case '<' -> "&lt;";
                    case '>' -> "&gt;";
                    case '"' -> attribute ? "&quot;" : null;
                    case '\t' -> attribute ? "&#9;" : null;
                    case '\n' -> attribute ? "&#10;" : null;
                    case '\r' -> attribute ? "&#13;" : null;
                    default -> null;
                };
                if (replacement != null) {
                    out.write(text, from, i - from);
                    out.write(replacement);
                    from = i + 1;
                }
            }
            out.write(text, from, text.length() - from);
        } catch (IOException e) {
            throw new XMLStreamException(e);
        }
    }

    private void raw(String text) throws XMLStreamException {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new XMLStreamException(e);
        }
    }

    private void raw(char c) throws XMLStreamException {
        try {
            out.write(c);
        } catch (IOException e) {
            throw new XMLStreamException(e);
        }
    }
}
