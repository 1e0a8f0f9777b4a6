package com.calendarpipe.caldav;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The one place DAV request bodies are parsed. Hostile input is expected: DOCTYPEs are
 * refused outright (no external entities, no entity expansion bombs) and bodies are capped
 * before parsing.
 */
final class DavXml {

    /** Request bodies above this are refused (413) unread. */
    static final int MAX_BODY = 1 << 20;

    private static final DocumentBuilderFactory FACTORY = factory();

    private DavXml() {
    }

    /** Thrown for a body that is not acceptable XML; the servlet answers 400. */
    static final class BadXml extends Exception {
        BadXml(String message) {
            super(message, null, false, false);
        }
    }

    /** Thrown for a body over {@link #MAX_BODY}; the servlet answers 413. */
    static final class TooLarge extends Exception {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    /** The body as a DOM, or null when the request has no body. */
    static Document parse(InputStream body) throws IOException, BadXml, TooLarge {
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new TooLarge();
        }
        if (bytes.length == 0) {
            return null;
        }
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(bytes));
        } catch (SAXException | ParserConfigurationException e) {
            throw new BadXml("The request body is not well-formed XML without a DOCTYPE");
        }
    }

    /** The element's child elements, in order. */
    static List<Element> children(Element parent) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                found.add(element);
            }
        }
        return found;
    }

    /** The first child element with that name, if any. */
    static Optional<Element> child(Element parent, QName name) {
        return children(parent).stream().filter(e -> name.equals(name(e))).findFirst();
    }

    static List<Element> children(Element parent, QName name) {
        return children(parent).stream().filter(e -> name.equals(name(e))).toList();
    }

    static QName name(Element element) {
        return new QName(element.getNamespaceURI() == null ? "" : element.getNamespaceURI(), element.getLocalName());
    }

    private static DocumentBuilderFactory factory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        try {
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The XML parser cannot be made safe", e);
        }
        return factory;
    }
}
