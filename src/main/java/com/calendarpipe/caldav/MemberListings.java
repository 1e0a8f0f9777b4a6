package com.calendarpipe.caldav;

import com.calendarpipe.calendar.HostedCalendar;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;

/**
 * The members' part of a calendar's PROPFIND Depth 1 answers, kept as written. Clients poll a
 * calendar's listing to learn its members' ETags, and between two changes every listing is the
 * same: reading and writing a thousand members again was most of what such a request cost.
 * <p>
 * A listing that shows no calendar data depends only on the calendar's objects, the properties
 * asked and the calendar's href. Every change to an object moves the calendar's ctag in the same
 * transaction ({@code CalendarStore}), and each request reads the ctag afresh from the database,
 * so a listing kept with the ctag it was made at is the one the objects would give now, on any
 * node of a cluster. A listing is made after its ctag was read, so it is never older than it.
 * <p>
 * Bounded whatever the number of calendars or of property sets asked: the least recently used
 * listings go first, and a listing larger than {@link #MAX_LISTING_CHARS} is not kept. A key's
 * property names count too: a request chooses them.
 * <p>
 * A sync-collection from no token (RFC 6578 §3.8: every member) answers the same members with
 * the same properties, so it shares these listings ({@code SyncCollectionReport}).
 */
final class MemberListings {

    /** What a listing depends on besides the objects (whose revision is the ctag). */
    record Key(String calendarId, String collectionHref, PropRequest.Selection selection) {
    }

    /** Makes a listing's markup ({@link Multistatus#fragment}). */
    @FunctionalInterface
    interface Maker {
        String make() throws IOException;
    }

    /** A listing and what keeping it costs: its markup and its key (whose property names a request chooses). */
    private record Listing(long ctag, String markup, long weight) {
    }

    /** The characters kept in all, markup and keys (a char of these ASCII listings takes one byte). */
    static final long MAX_CHARS = 32L * 1024 * 1024;
    /**
     * About 40 000 members asking for ETags; past it a listing is made each time. Calendars with
     * years of history hold 10 000 events, and made anew, such a listing cost 16 times one of
     * 1 000.
     */
    static final int MAX_LISTING_CHARS = 8 * 1024 * 1024;

    private final Map<Key, Listing> kept = new LinkedHashMap<>(64, 0.75f, true);   // guarded by this
    private long chars;   // guarded by this

    /**
     * The markup of the calendar's members as {@code answers} show them, which must not show
     * texts: the listing kept at the calendar's ctag, or a new one made from the objects' summaries.
     */
    static String of(DavContext dav, HostedCalendar calendar, ObjectResponses answers) throws IOException {
        Key key = new Key(calendar.getId(), dav.collectionHref(calendar), answers.summaries());
        return dav.listings.listing(key, calendar.getCtag(), () -> {
            dav.calendars.summaries(calendar.getId(), answers.needsDetails()).forEach(answers::add);
            return Multistatus.fragment(answers::writeTo);
        });
    }

    /** The listing for {@code key} at revision {@code ctag}: the one kept, or a new one from {@code maker}. */
    String listing(Key key, long ctag, Maker maker) throws IOException {
        synchronized (this) {
            Listing listing = kept.get(key);
            if (listing != null && listing.ctag() == ctag) {
                return listing.markup();
            }
        }
        // made outside the lock: other calendars' listings do not wait for this one
        String markup = maker.make();
        long weight = markup.length() + weight(key);
        if (weight <= MAX_LISTING_CHARS) {
            keep(key, new Listing(ctag, markup, weight));
        }
        return markup;
    }

    private synchronized void keep(Key key, Listing listing) {
        Listing old = kept.put(key, listing);
        if (old != null && old.ctag() > listing.ctag()) {
            kept.put(key, old);   // a slower request made an older listing: the newer one stays
            return;
        }
        chars += listing.weight() - (old == null ? 0 : old.weight());
        for (Iterator<Listing> eldest = kept.values().iterator(); chars > MAX_CHARS && eldest.hasNext(); ) {
            chars -= eldest.next().weight();
            eldest.remove();
        }
    }

    private static long weight(Key key) {
        long weight = key.calendarId().length() + key.collectionHref().length();
        for (QName name : key.selection().found()) {
            weight += name.getNamespaceURI().length() + name.getLocalPart().length();
        }
        for (List<QName> names : key.selection().missing().values()) {
            for (QName name : names) {
                weight += name.getNamespaceURI().length() + name.getLocalPart().length();
            }
        }
        return weight;
    }

    /** What is kept, in characters of markup and keys (for tests). */
    synchronized long chars() {
        return chars;
    }
}
