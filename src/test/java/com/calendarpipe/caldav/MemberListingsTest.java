package com.calendarpipe.caldav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;

class MemberListingsTest {

    private static final PropRequest.Selection ETAGS = new PropRequest.Selection(List.of(Dav.GETETAG), Map.of(), false);
    private static final PropRequest.Selection MORE =
            new PropRequest.Selection(List.of(Dav.GETETAG, Dav.RESOURCETYPE), Map.of(), false);

    private final MemberListings listings = new MemberListings();
    private final AtomicInteger made = new AtomicInteger();

    private static MemberListings.Key key(String calendar, PropRequest.Selection selection) {
        return new MemberListings.Key(calendar, "/dav/calendars/a/" + calendar + "/", selection);
    }

    private String list(MemberListings.Key key, long ctag, String markup) throws IOException {
        return listings.listing(key, ctag, () -> {
            made.incrementAndGet();
            return markup;
        });
    }

    @Test
    void aListingIsMadeOncePerRevisionAndPropertySet() throws IOException {
        assertEquals("<r1/>", list(key("c", ETAGS), 1, "<r1/>"));
        assertEquals("<r1/>", list(key("c", ETAGS), 1, "<never made/>"));
        assertEquals(1, made.get());

        assertEquals("<r2/>", list(key("c", ETAGS), 2, "<r2/>"), "a change to the objects moved the ctag");
        assertEquals("<more/>", list(key("c", MORE), 2, "<more/>"), "other properties, another listing");
        assertEquals("<d/>", list(key("d", ETAGS), 2, "<d/>"), "another calendar");
        assertEquals("<r2/>", list(key("c", ETAGS), 2, "<never made/>"));
        assertEquals(4, made.get());
    }

    @Test
    void aSlowerRequestsOlderListingDoesNotReplaceANewerOne() throws IOException {
        list(key("c", ETAGS), 5, "<r5/>");
        assertEquals("<r4/>", list(key("c", ETAGS), 4, "<r4/>"), "it is answered what it made");
        assertEquals("<r5/>", list(key("c", ETAGS), 5, "<never made/>"));
        assertEquals(2, made.get());
    }

    @Test
    void whatIsKeptIsBoundedWhateverIsAsked() throws IOException {
        String huge = "x".repeat(MemberListings.MAX_LISTING_CHARS + 1);
        list(key("c", ETAGS), 1, huge);
        list(key("c", ETAGS), 1, huge);
        assertEquals(2, made.get(), "a listing past the limit is made each time");
        assertEquals(0, listings.chars());

        String large = "x".repeat(MemberListings.MAX_LISTING_CHARS / 2);
        for (int i = 0; i < 200; i++) {
            list(key("c" + i, ETAGS), 1, large);
        }
        assertTrue(listings.chars() <= MemberListings.MAX_CHARS, () -> listings.chars() + " kept");
        assertTrue(listings.chars() > MemberListings.MAX_CHARS - MemberListings.MAX_LISTING_CHARS, "the newest are kept");
        made.set(0);
        list(key("c199", ETAGS), 1, large);
        assertEquals(0, made.get(), "the most recent listing is still kept");
        list(key("c0", ETAGS), 1, large);
        assertEquals(1, made.get(), "the least recently used went first");
    }

    @Test
    void theNamesARequestAsksForCountTowardsTheBound() throws IOException {
        // 106 characters of namespace and at least two of name each: past the bound with these many
        int names = MemberListings.MAX_LISTING_CHARS / 100;
        List<QName> asked = java.util.stream.IntStream.range(0, names)
                .mapToObj(i -> new QName("urn:x:" + "n".repeat(100), "p" + i)).toList();
        PropRequest.Selection hostile = new PropRequest.Selection(List.of(), Map.of(404, asked), false);
        list(key("empty", hostile), 1, "");
        list(key("empty", hostile), 1, "");
        assertEquals(2, made.get(), "an empty listing under a key longer than the bound is not kept");
        assertEquals(0, listings.chars());
    }
}
