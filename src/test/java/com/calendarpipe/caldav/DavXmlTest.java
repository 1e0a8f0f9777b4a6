package com.calendarpipe.caldav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The one parser of DAV bodies, fed hostile input: every refusal is a BadXml with a fixed message. */
class DavXmlTest {

    private static final String PROPFIND = "<d:propfind xmlns:d=\"DAV:\"><d:allprop/></d:propfind>";

    @Test
    void anOrdinaryBodyIsParsedAndAnEmptyOneIsNoDocument() throws Exception {
        Document document = parse("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + PROPFIND);
        assertEquals(Dav.dav("propfind"), DavXml.name(document.getDocumentElement()));
        assertNull(DavXml.parse(new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void anUnknownEncodingIsBadXml() {
        assertBad("not in the encoding it declares", "<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?>" + PROPFIND);
    }

    @Test
    void bytesThatAreNotInTheDeclaredEncodingAreBadXml() {
        byte[] latin1 = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><d:propfind xmlns:d=\"DAV:\"><d:prop><d:x>caf\u00e9"
                + "</d:x></d:prop></d:propfind>").getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(DavXml.BadXml.class, () -> DavXml.parse(new ByteArrayInputStream(latin1)));
        assertThrows(DavXml.BadXml.class, () -> parse("<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + PROPFIND));
    }

    @Test
    void aDoctypeIsRefusedWhateverItDeclares() {
        // billion laughs: entities that expand tenfold at each of ten levels
        StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE d:propfind [<!ENTITY l0 \"lol\">");
        for (int i = 1; i <= 10; i++) {
            laughs.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        laughs.append("]><d:propfind xmlns:d=\"DAV:\"><d:prop><d:x>&l10;</d:x></d:prop></d:propfind>");
        assertBad("without a DOCTYPE", laughs.toString());
        assertBad("without a DOCTYPE", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:x>&e;</d:x></d:prop></d:propfind>");
    }

    @Test
    void nestingUpToTheLimitIsParsedAndDeeperIsRefused() throws Exception {
        assertEquals(DavXml.MAX_DEPTH, DavXml.depth(parse(nested(DavXml.MAX_DEPTH)).getDocumentElement()));
        assertBad("deeper than 100 levels", nested(DavXml.MAX_DEPTH + 1));
        assertBad("deeper than 100 levels", nested(10_000));
    }

    @Test
    void theDepthIsThatOfTheDeepestBranchWhereverItIs() throws Exception {
        Document document = parse("<a><b/><c><d><e/></d></c><f>text<g/></f></a>");
        assertEquals(4, DavXml.depth(document.getDocumentElement()));
        assertEquals(1, DavXml.depth(parse("<a>only text</a>").getDocumentElement()));
    }

    @Test
    void malformedXmlIsBadXml() {
        for (String body : new String[] {"<d:propfind xmlns:d=\"DAV:\">", "not xml", "<a></b>", "<a>\u0000</a>"}) {
            assertThrows(DavXml.BadXml.class, () -> parse(body), body);
        }
    }

    /** {@code depth} nested elements: a calendar-query's comp-filters, as a hostile client would nest them. */
    private static String nested(int depth) {
        return "<c:comp-filter xmlns:c=\"urn:ietf:params:xml:ns:caldav\" name=\"VCALENDAR\">".repeat(depth)
                + "</c:comp-filter>".repeat(depth);
    }

    private static void assertBad(String expected, String body) {
        DavXml.BadXml bad = assertThrows(DavXml.BadXml.class, () -> parse(body));
        assertEquals(true, bad.getMessage().contains(expected), bad.getMessage());
    }

    private static Document parse(String body) throws Exception {
        return DavXml.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }
}
