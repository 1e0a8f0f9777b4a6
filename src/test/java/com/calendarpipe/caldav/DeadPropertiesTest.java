package com.calendarpipe.caldav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** A dead property is read back as it was set (RFC 4918 §4.3): markup, namespaces, attributes, xml:lang, carriage returns. */
class DeadPropertiesTest {

    private static Element parsed(String xml) throws Exception {
        return DavXml.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
    }

    /** The property as an answer shows it: written into an element that the answer opened, as Multistatus does. */
    private static Element readBack(Element property) throws Exception {
        String kept = DeadProperties.kept(property);
        StringWriter out = new StringWriter();
        DavXmlWriter xml = new DavXmlWriter(out);
        xml.setPrefix("d", Dav.DAV);
        xml.writeStartElement("x", property.getLocalName(), property.getNamespaceURI());
        xml.writeNamespace("x", property.getNamespaceURI());
        xml.writeNamespace("d", Dav.DAV);
        DeadProperties.value(kept).write(xml);
        xml.writeEndElement();
        xml.flush();
        return parsed(out.toString());
    }

    @Test
    void markupNamespacesAttributesAndLanguageComeBackAsSet() throws Exception {
        Element set = (Element) parsed("""
                <d:prop xmlns:d="DAV:" xmlns:x="http://example.com/ns/"><x:sort-key xml:lang="de" x:rank="2" plain="a &amp; b">
                <x:part n="1">Einkauf &lt;Woche&gt;</x:part><y:tag xmlns:y="urn:y" y:on="yes"/><d:href>/dav/</d:href>
                <!-- a comment is no value --></x:sort-key></d:prop>""").getElementsByTagNameNS("http://example.com/ns/", "sort-key").item(0);

        Element back = readBack(set);

        assertEquals("de", back.getAttributeNS(XMLConstants.XML_NS_URI, "lang"));
        assertEquals("2", back.getAttributeNS("http://example.com/ns/", "rank"));
        assertEquals("a & b", back.getAttribute("plain"));
        Element part = (Element) back.getElementsByTagNameNS("http://example.com/ns/", "part").item(0);
        assertEquals("Einkauf <Woche>", part.getTextContent());
        assertEquals("1", part.getAttribute("n"));
        Element tag = (Element) back.getElementsByTagNameNS("urn:y", "tag").item(0);
        assertEquals("yes", tag.getAttributeNS("urn:y", "on"));
        assertEquals("/dav/", back.getElementsByTagNameNS(Dav.DAV, "href").item(0).getTextContent());
        assertFalse(DeadProperties.kept(set).contains("comment"));
    }

    @Test
    void textKeepsItsCarriageReturnsAndAnElementOfNoNamespaceStaysSo() throws Exception {
        Element set = parsed("<x:zone xmlns:x=\"urn:x\">BEGIN:VCALENDAR&#13;\nEND:VCALENDAR&#13;\n<plain>no namespace</plain></x:zone>");

        Element back = readBack(set);

        assertEquals("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nno namespace", back.getTextContent());
        Element plain = (Element) back.getElementsByTagName("plain").item(0);
        assertEquals(null, plain.getNamespaceURI());
        assertEquals("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nno namespace", DeadProperties.text(DeadProperties.kept(set)));
    }
}
