package com.calendarpipe.caldav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The multistatus writer's XML, read back by the server's own parser: names, namespaces, escaping. */
class DavXmlWriterTest {

    private final StringWriter text = new StringWriter();
    private final DavXmlWriter xml = new DavXmlWriter(text);

    private Element parsed() throws Exception {
        Document document = DavXml.parse(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
        return document.getDocumentElement();
    }

    private void root() throws XMLStreamException {
        xml.writeStartDocument("UTF-8", "1.0");
        xml.setPrefix("d", Dav.DAV);
        xml.setPrefix("c", Dav.CALDAV);
        xml.writeStartElement(Dav.DAV, "multistatus");
        xml.writeNamespace("d", Dav.DAV);
        xml.writeNamespace("c", Dav.CALDAV);
    }

    @Test
    void elementsAreInTheNamespacesTheirPrefixesAreBoundTo() throws Exception {
        root();
        xml.writeStartElement(Dav.DAV, "response");
        xml.writeEmptyElement(Dav.CALDAV, "calendar");
        xml.writeEmptyElement(Dav.CALDAV, "comp");
        xml.writeAttribute("name", "VEVENT");
        xml.writeEndElement();
        xml.writeEndDocument();

        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?><d:multistatus xmlns:d=\"DAV:\" xmlns:c=\""
                + Dav.CALDAV + "\"><d:response><c:calendar/><c:comp name=\"VEVENT\"/></d:response></d:multistatus>",
                text.toString());
        Element response = DavXml.children(parsed()).get(0);
        assertEquals(Dav.dav("response"), DavXml.name(response));
        List<Element> children = DavXml.children(response);
        assertEquals(Dav.caldav("calendar"), DavXml.name(children.get(0)));
        assertEquals("VEVENT", children.get(1).getAttribute("name"));
    }

    @Test
    void textAndAttributesComeBackExactlyAsWritten() throws Exception {
        String hostile = "a<b>&c\"d'e]]>\tf\ng</d:href><x:y>";
        root();
        xml.writeStartElement(Dav.DAV, "href");
        xml.writeAttribute("title", hostile);
        xml.writeCharacters(hostile);
        xml.writeEndElement();
        xml.writeEndDocument();

        Element href = DavXml.children(parsed()).get(0);
        assertEquals(hostile, href.getTextContent());
        assertEquals(hostile, href.getAttribute("title"));
    }

    @Test
    void aNamespaceDeclaredOnAnEmptyElementEndsWithIt() throws Exception {
        root();
        xml.writeEmptyElement("x", "unknown", "urn:example:one");
        xml.writeNamespace("x", "urn:example:one");
        xml.writeEmptyElement(Dav.DAV, "sibling");
        assertEquals(null, xml.getPrefix("urn:example:one"), "bound past its element");
        xml.writeStartElement(Dav.DAV, "prop");
        xml.writeNamespace("y", "urn:example:two");
        xml.writeEmptyElement("urn:example:two", "known");
        xml.writeEndElement();
        assertEquals(null, xml.getPrefix("urn:example:two"), "bound past its element");
        xml.writeEndDocument();

        List<Element> children = DavXml.children(parsed());
        assertEquals("urn:example:one", children.get(0).getNamespaceURI());
        assertEquals("urn:example:two", DavXml.children(children.get(2)).get(0).getNamespaceURI());
    }

    @Test
    void aNamespaceWithNoPrefixIsRefusedNotWrittenUnbound() throws Exception {
        root();
        assertThrows(XMLStreamException.class, () -> xml.writeStartElement("urn:example:unbound", "x"));
    }

    @Test
    void entityReferencesCarryCarriageReturnsThroughAParser() throws Exception {
        root();
        xml.writeStartElement(Dav.CALDAV, "calendar-data");
        xml.writeCharacters("BEGIN:VCALENDAR");
        xml.writeEntityRef("#13");
        xml.writeCharacters("\nEND:VCALENDAR");
        xml.writeEndDocument();

        assertEquals("BEGIN:VCALENDAR\r\nEND:VCALENDAR", DavXml.children(parsed()).get(0).getTextContent());
    }
}
