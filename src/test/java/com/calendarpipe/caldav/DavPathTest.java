package com.calendarpipe.caldav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.calendarpipe.caldav.DavPath.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DavPathTest {

    private static final DavPath UNKNOWN = new DavPath(Kind.UNKNOWN, null, null, null);

    // ---- of: what a request under /dav points at

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = "/")
    void noPathOrASlashIsTheRoot(String pathInfo) {
        assertEquals(new DavPath(Kind.ROOT, null, null, null), DavPath.of(pathInfo));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/principals/acc-1/", "/principals/acc-1"})
    void aPrincipalIsNamedWithOrWithoutItsTrailingSlash(String pathInfo) {
        assertEquals(new DavPath(Kind.PRINCIPAL, "acc-1", null, null), DavPath.of(pathInfo));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/calendars/acc-1/", "/calendars/acc-1"})
    void theCalendarHomeIsNamedWithOrWithoutItsTrailingSlash(String pathInfo) {
        assertEquals(new DavPath(Kind.HOME, "acc-1", null, null), DavPath.of(pathInfo));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/calendars/acc-1/work/", "/calendars/acc-1/work"})
    void aCollectionIsNamedWithOrWithoutItsTrailingSlash(String pathInfo) {
        assertEquals(new DavPath(Kind.COLLECTION, "acc-1", "work", null), DavPath.of(pathInfo));
    }

    @Test
    void theSchedulingInboxAndOutboxAreNoCalendars() {
        assertEquals(new DavPath(Kind.INBOX, "acc-1", null, null), DavPath.of("/calendars/acc-1/inbox/"));
        assertEquals(new DavPath(Kind.OUTBOX, "acc-1", null, null), DavPath.of("/calendars/acc-1/outbox"));
        assertEquals(new DavPath(Kind.INBOX_ITEM, "acc-1", null, "m.ics"), DavPath.of("/calendars/acc-1/inbox/m.ics"));
        assertEquals(UNKNOWN, DavPath.of("/calendars/acc-1/outbox/m.ics"), "an outbox has no members (RFC 6638 §2.1)");
        assertEquals("/dav/calendars/acc-1/inbox/", DavPath.inbox("acc-1"));
    }

    @Test
    void anObjectIsTheFourthSegmentWithoutATrailingSlash() {
        assertEquals(new DavPath(Kind.OBJECT, "acc-1", "work", "meeting.ics"),
                DavPath.of("/calendars/acc-1/work/meeting.ics"));
    }

    @Test
    void segmentsArrivedDecodedAndAreTakenAsTheyAre() {
        assertEquals(new DavPath(Kind.OBJECT, "acc 1", "my calendar", "100% sure é.ics"),
                DavPath.of("/calendars/acc 1/my calendar/100% sure é.ics"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "//",                                      // an empty first segment
            "/nothing-here/",                          // neither principals nor calendars
            "/principals/",                            // no account
            "/principals",
            "/principals//",                           // an empty account
            "/principals/acc-1/extra",                 // one segment too many
            "/principals/acc-1/extra/",
            "/calendars/",
            "/calendars",
            "/calendars//",                            // an empty account
            "/calendars//work/",
            "/calendars/acc-1//",                      // an empty collection
            "/calendars/acc-1//meeting.ics",
            "/calendars/acc-1/work/meeting.ics/",      // an object is not a collection
            "/calendars/acc-1/work//",                 // an empty object name
            "/calendars/acc-1/work/folder/meeting.ics", // too deep
            "/calendars/acc-1/work/a/b/c/",
            "calendars/acc-1/",                        // not absolute
            "/CALENDARS/acc-1/",                       // names are case-sensitive
            // names no resource may have, as the decoding of a path or an href can produce them
            "/calendars/acc-1/work/..",
            "/calendars/acc-1/work/.",
            "/calendars/acc-1/../meeting.ics",
            "/calendars/../work/",
            "/principals/../",
            "/calendars/acc-1/work/a\\b.ics",
            "/calendars/acc-1/work/a\u0000b.ics",
            "/calendars/acc-1/work/a\nb.ics",
            "/calendars/acc-1/wo\u007Frk/",
            "/calendars/acc-1/work/\u0085.ics",
    })
    void anythingElseIsUnknown(String pathInfo) {
        assertEquals(UNKNOWN, DavPath.of(pathInfo));
    }

    // ---- principal, home, collection, object: hrefs, one percent-encoded segment per name

    @Test
    void plainNamesAreWrittenAsTheyAre() {
        assertEquals("/dav/principals/acc-1/", DavPath.principal("acc-1"));
        assertEquals("/dav/calendars/acc-1/", DavPath.home("acc-1"));
        assertEquals("/dav/calendars/acc-1/work/", DavPath.collection("acc-1", "work"));
        assertEquals("/dav/calendars/acc-1/work/meeting.ics", DavPath.object("acc-1", "work", "meeting.ics"));
    }

    @Test
    void spacesPercentSignsAndSlashesAreEncodedInEachSegment() {
        assertEquals("/dav/principals/acc%201/", DavPath.principal("acc 1"));
        assertEquals("/dav/calendars/acc%201/", DavPath.home("acc 1"));
        assertEquals("/dav/calendars/acc-1/my%20calendar/", DavPath.collection("acc-1", "my calendar"));
        assertEquals("/dav/calendars/acc-1/100%25/a%2Fb.ics", DavPath.object("acc-1", "100%", "a/b.ics"));
    }

    @Test
    void charactersThatWouldEndThePathAreEncoded() {
        assertEquals("a%3Fb%23c", DavPath.segment("a?b#c"));
        assertEquals("%5Bx%5D%22q%22%5C", DavPath.segment("[x]\"q\"\\"));
        assertEquals("tab%09x", DavPath.segment("tab\tx"));
    }

    @Test
    void subDelimitersAllowedInAPathStayAsTheyAre() {
        assertEquals("a;b=c+d@e:f~-._", DavPath.segment("a;b=c+d@e:f~-._"));
    }

    @Test
    void anEncodedNameReadsBackAsTheSameObject() {
        String href = DavPath.object("acc 1", "my calendar", "100% sure é.ics");
        assertEquals(new DavPath(Kind.OBJECT, "acc 1", "my calendar", "100% sure é.ics"),
                DavPath.of(DavPath.fromHref(href)));
    }

    @Test
    void unicodeNamesArePercentEncodedAsUtf8() {
        assertEquals("caf%C3%A9", DavPath.segment("café"));
        assertEquals("/dav/calendars/acc-1/%E6%97%A5%E6%9C%AC/", DavPath.collection("acc-1", "日本"));
    }

    // ---- fromHref: the /dav-relative path an href of a request body names

    @Test
    void anAbsoluteUrlNamesItsPathUnderDav() {
        assertEquals("/calendars/acc-1/work/meeting.ics",
                DavPath.fromHref("https://cal.example.com:8443/dav/calendars/acc-1/work/meeting.ics"));
    }

    @Test
    void anAbsolutePathNamesItselfUnderDav() {
        assertEquals("/calendars/acc-1/work/meeting.ics", DavPath.fromHref("/dav/calendars/acc-1/work/meeting.ics"));
        assertEquals("/", DavPath.fromHref("/dav/"));
    }

    @Test
    void surroundingWhitespaceOfTheElementTextIsIgnored() {
        assertEquals("/calendars/acc-1/work/", DavPath.fromHref("\n    /dav/calendars/acc-1/work/\n  "));
    }

    @Test
    void percentEncodingIsDecoded() {
        assertEquals("/calendars/acc-1/my calendar/café.ics", DavPath.fromHref("/dav/calendars/acc-1/my%20calendar/caf%C3%A9.ics"));
        assertEquals("/calendars/acc-1/100%/a?b", DavPath.fromHref("http://h/dav/calendars/acc-1/100%25/a%3Fb"));
    }

    @Test
    void queryAndFragmentAreNotPartOfThePath() {
        assertEquals("/calendars/acc-1/work/", DavPath.fromHref("/dav/calendars/acc-1/work/?x=1#top"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/davx/calendars/", "/other/dav/calendars/", "/api/v1/events", "https://h/feed/x.ics",
            "dav/calendars/", "mailto:ann@example.com", ""})
    void anHrefOutsideDavIsNull(String href) {
        assertNull(DavPath.fromHref(href));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a uri", "/dav/%zz", "/dav/a b", "http://[bad/dav/x", "/dav/<x>"})
    void garbageIsNull(String href) {
        assertNull(DavPath.fromHref(href));
    }
}
