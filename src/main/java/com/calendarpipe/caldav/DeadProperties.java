package com.calendarpipe.caldav;

import com.calendarpipe.calendar.CalendarProperty;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Attr;
import org.w3c.dom.CharacterData;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Properties kept as a client set them (RFC 4918 §4.3: dead properties keep their markup,
 * attributes and {@code xml:lang}; and the form a client sent a calendar's color or zone in).
 * A property is kept as its element, written out as XML of its own that declares every
 * namespace it uses; it is read back by parsing that (the one safe parser) and writing its
 * attributes and content into the element the answer opens for it. Comments and processing
 * instructions are not kept: they are no part of a property's value.
 */
final class DeadProperties {

    private DeadProperties() {
    }

    static CalendarProperty.Name name(QName name) {
        return new CalendarProperty.Name(name.getNamespaceURI(), name.getLocalPart());
    }

    static QName name(CalendarProperty.Name name) {
        return new QName(name.namespace(), name.localName());
    }

    /** The property element as it is kept: self-contained XML. */
    static String kept(Element property) {
        StringWriter out = new StringWriter();
        DavXmlWriter xml = new DavXmlWriter(out);
        try {
            element(xml, property, new int[1]);
            xml.flush();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("A parsed element could not be written", e);
        }
        return out.toString();
    }

    /** A kept property's value: its attributes and content, written into the element opened for it. */
    static Multistatus.Value value(String kept) {
        return xml -> content(xml, parse(kept), new int[1]);
    }

    /** The text of a kept property (a color, a VTIMEZONE), to compare with what the calendar holds now. */
    static String text(String kept) {
        try {
            return parse(kept).getTextContent();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("A kept property is not XML", e);
        }
    }

    private static Element parse(String kept) throws XMLStreamException {
        try {
            return DavXml.parse(new ByteArrayInputStream(kept.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        } catch (IOException | DavXml.BadXml e) {
            throw new XMLStreamException("A kept property is not XML", e);
        }
    }

    private static void element(XMLStreamWriter xml, Element element, int[] prefixes) throws XMLStreamException {
        String namespace = element.getNamespaceURI();
        if (namespace == null || namespace.isEmpty()) {
            xml.writeStartElement(element.getLocalName());   // no default namespace is ever bound: none
            content(xml, element, prefixes);
        } else {
            String prefix = xml.getPrefix(namespace);
            boolean declare = prefix == null;
            prefix = declare ? "n" + prefixes[0]++ : prefix;
            xml.writeStartElement(prefix, element.getLocalName(), namespace);
            if (declare) {
                xml.writeNamespace(prefix, namespace);
            }
            content(xml, element, prefixes);
        }
        xml.writeEndElement();
    }

    /** The element's attributes (not its namespace declarations: they are made anew as needed), then its content. */
    private static void content(XMLStreamWriter xml, Element element, int[] prefixes) throws XMLStreamException {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            String namespace = attribute.getNamespaceURI();
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(namespace)) {
                continue;
            }
            if (namespace == null || namespace.isEmpty()) {
                xml.writeAttribute(attribute.getLocalName(), attribute.getValue());
            } else if (XMLConstants.XML_NS_URI.equals(namespace)) {
                xml.writeAttribute(XMLConstants.XML_NS_PREFIX, namespace, attribute.getLocalName(), attribute.getValue());
            } else {
                String prefix = xml.getPrefix(namespace);
                if (prefix == null) {
                    prefix = "n" + prefixes[0]++;
                    xml.writeNamespace(prefix, namespace);
                }
                xml.writeAttribute(prefix, namespace, attribute.getLocalName(), attribute.getValue());
            }
        }
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child) {
                element(xml, child, prefixes);
            } else if (node instanceof CharacterData text && node.getNodeType() != Node.COMMENT_NODE) {
                Multistatus.Value.exact(text.getData()).write(xml);
            }
        }
    }
}
