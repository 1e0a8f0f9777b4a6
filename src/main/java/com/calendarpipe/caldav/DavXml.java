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
 * refused outright (no external entities, no entity expansion bombs), an encoding the parser
 * does not know or bytes that do not match the one declared are bad XML like any other, and a
 * document nested deeper than {@link #MAX_DEPTH} is refused before a handler walks it. Every
 * refusal is a {@link BadXml} with a fixed message: nothing of the parser's reaches an answer.
 * The size of a body is bounded before it gets here, by the one request limit
 * (limits/RequestLimitFilter).
 */
final class DavXml {

    /**
     * Elements nested deeper than this are refused. The deepest body a client sends is a
     * calendar-query: about ten levels (filter, comp-filters, prop-filter, param-filter,
     * text-match); the handlers walk filters recursively, so a deep document must never reach them.
     */
    static final int MAX_DEPTH = 100;

    private static final DocumentBuilderFactory FACTORY = factory();

    private DavXml() {
    }

    /** Thrown for a body that is not acceptable XML; the servlet answers 400. */
    static final class BadXml extends Exception {
        BadXml(String message) {
            super(message, null, false, false);
        }
    }

    /** The body as a DOM, or null when the request has no body. */
    static Document parse(InputStream body) throws IOException, BadXml {
        byte[] bytes = body.readAllBytes();
        if (bytes.length == 0) {
            return null;
        }
        Document document;
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            builder.setErrorHandler(null);
            document = builder.parse(new ByteArrayInputStream(bytes));
        } catch (SAXException | ParserConfigurationException e) {
            throw new BadXml("The request body is not well-formed XML without a DOCTYPE");
        } catch (IOException e) {
            // read from memory, so only decoding fails: an unknown encoding, or bytes not in the declared one
            throw new BadXml("The request body is not in the encoding it declares");
        }
        if (depth(document.getDocumentElement()) > MAX_DEPTH) {
            throw new BadXml("The request body nests elements deeper than " + MAX_DEPTH + " levels");
        }
        return document;
    }

    /** The depth of the deepest element under {@code root} (the root alone is 1), walked without recursion. */
    static int depth(Element root) {
        int depth = 1;
        int deepest = 1;
        Node node = root;
        while (true) {
            Node child = firstElement(node.getFirstChild());
            if (child != null) {
                node = child;
                deepest = Math.max(deepest, ++depth);
                continue;
            }
            while (node != root && firstElement(node.getNextSibling()) == null) {
                node = node.getParentNode();
                depth--;
            }
            if (node == root) {
                return deepest;
            }
            node = firstElement(node.getNextSibling());
        }
    }

    /** {@code node} or the first element among its following siblings, or null. */
    private static Node firstElement(Node node) {
        while (node != null && !(node instanceof Element)) {
            node = node.getNextSibling();
        }
        return node;
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
