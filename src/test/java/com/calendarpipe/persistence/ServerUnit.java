package com.calendarpipe.persistence;

import jakarta.persistence.SharedCacheMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What the server's persistence unit declares, read from the product's own
 * {@code META-INF/persistence.xml}: its managed classes, shared cache mode and properties. The
 * Java SE suite builds its unit from this, so an entity added to the server's unit is tested
 * under both providers without touching the suite, and one missing from it fails here as it
 * would on the server.
 */
record ServerUnit(String name, List<String> managedClasses, SharedCacheMode sharedCacheMode,
        Map<String, String> properties) {

    static final String NAME = "calendarpipe";
    private static final String NS = "https://jakarta.ee/xml/ns/persistence";

    static ServerUnit read() {
        try {
            for (URL url : Collections.list(ServerUnit.class.getClassLoader().getResources("META-INF/persistence.xml"))) {
                try (InputStream in = url.openStream()) {
                    NodeList units = parse(in).getElementsByTagNameNS(NS, "persistence-unit");
                    for (int i = 0; i < units.getLength(); i++) {
                        Element unit = (Element) units.item(i);
                        if (NAME.equals(unit.getAttribute("name"))) {
                            return from(unit);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("No persistence unit '" + NAME + "' in any META-INF/persistence.xml");
    }

    private static ServerUnit from(Element unit) {
        List<String> classes = new ArrayList<>();
        NodeList classElements = unit.getElementsByTagNameNS(NS, "class");
        for (int i = 0; i < classElements.getLength(); i++) {
            classes.add(classElements.item(i).getTextContent().trim());
        }
        NodeList cacheMode = unit.getElementsByTagNameNS(NS, "shared-cache-mode");
        SharedCacheMode mode = cacheMode.getLength() == 0 ? SharedCacheMode.UNSPECIFIED
                : SharedCacheMode.valueOf(cacheMode.item(0).getTextContent().trim());
        Map<String, String> properties = new LinkedHashMap<>();
        NodeList propertyElements = unit.getElementsByTagNameNS(NS, "property");
        for (int i = 0; i < propertyElements.getLength(); i++) {
            Element property = (Element) propertyElements.item(i);
            properties.put(property.getAttribute("name"), property.getAttribute("value"));
        }
        return new ServerUnit(NAME, List.copyOf(classes), mode, Map.copyOf(properties));
    }

    private static Document parse(InputStream in) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("Unreadable persistence.xml", e);
        }
    }
}
