package com.calendarpipe.calendar;

import com.calendarpipe.Refused;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import net.fortuna.ical4j.model.Component;

/**
 * The calendar store's transactions: what a write means (conditions, UID uniqueness, the text
 * and its index), with the queries and the calendar's lock in {@link CalendarStore}. Every write
 * first takes the calendar's row lock, so the writes of one calendar happen one after another:
 * the ctag (the calendar's revision) never loses an increment and an object is always changed
 * from its latest state. Another account's calendar or object is "not found", never "forbidden".
 */
@Stateless
public class CalendarService {

    @PersistenceContext
    EntityManager em;

    @Inject
    Scheduling scheduling;

    @Inject
    Event<FeedTokenRegenerated> tokenRegenerated;

    @Inject
    Event<ObjectChanged> objectChanged;

    private CalendarStore store;

    @PostConstruct
    void joinStore() {
        store = new CalendarStore(em);
    }

    /** The longest name a CalDAV client may give a calendar or an object (the columns' bound). */
    public static final int MAX_NAME = 255;

    /** Whether a CalDAV client may name a calendar or an object so (its length; the path decides the rest). */
    public static boolean nameFits(String name) {
        return name.codePointCount(0, name.length()) <= MAX_NAME;
    }

    public HostedCalendar create(String accountId, CalendarChanges fields) {
        fields.check(true);
        HostedCalendar calendar = new HostedCalendar(accountId, fields.name());
        fields.applyTo(calendar);
        store.add(calendar);
        if (!fields.properties().isEmpty()) {
            em.flush();   // the calendar's row first: its properties refer to it (EclipseLink orders inserts by mapping only)
            store.keep(calendar, fields.properties());
        }
        return calendar;
    }

    /** The account's calendars, oldest first. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<HostedCalendar> list(String accountId) {
        return store.calendarsOf(accountId);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public HostedCalendar get(String accountId, String calendarId) {
        return store.calendar(accountId, calendarId);
    }

    /** The calendars named, in the order given; 404 if any is unknown or another account's. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<HostedCalendar> get(String accountId, Collection<String> calendarIds) {
        List<HostedCalendar> found = new ArrayList<>();
        for (String id : calendarIds) {
            found.add(store.calendar(accountId, id));
        }
        return found;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<HostedCalendar> byFeedToken(String token) {
        return store.byFeedToken(token);
    }

    /** The calendar whose address has this id ({@code cal-{mailId}@}): scheduling's local calendar users. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<HostedCalendar> byMailId(String mailId) {
        return store.byMailId(mailId);
    }

    /**
     * Changes a calendar's fields and kept properties. The components it holds may grow, and
     * shrink only when it has no object of a component left out: 409 otherwise, nothing changed.
     */
    public HostedCalendar update(String accountId, String calendarId, CalendarChanges changes) {
        changes.check(false);
        HostedCalendar calendar = store.lock(accountId, calendarId);
        if (changes.components() != null) {
            for (String component : calendar.getComponents()) {
                if (!changes.components().contains(component) && store.count(List.of(calendarId), component) > 0) {
                    throw Refused.conflict("The calendar holds " + component + " objects: delete them before leaving "
                            + component + " out of its components");
                }
            }
        }
        changes.applyTo(calendar);
        store.keep(calendar, changes.properties());
        calendar.bump();
        return calendar;
    }

    /** The properties kept on the account's calendars (see {@link CalendarProperty}), by calendar, then by name. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<CalendarProperty> properties(Collection<HostedCalendar> calendars) {
        return store.properties(calendars.stream().map(HostedCalendar::getId).toList());
    }

    /**
     * A new feed token: the old feed URL stops answering. Nothing else moves: the calendar's
     * address and CalDAV collection are not derived from the token.
     */
    public HostedCalendar regenerateFeedToken(String accountId, String calendarId) {
        HostedCalendar calendar = store.lock(accountId, calendarId);
        calendar.regenerateFeedToken();
        calendar.bump();
        tokenRegenerated.fire(new FeedTokenRegenerated(accountId, calendarId, FeedTokenRegenerated.REQUESTED));
        return calendar;
    }

    /** The calendars made before addresses had their own id (V9), oldest first: see {@link #giveAddress}. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<String> withoutAddress() {
        return em.createNamedQuery("HostedCalendar.withoutMailId", String.class).getResultList();
    }

    /**
     * Gives a calendar made before V9 an address of its own instead of {@code cal-{feedToken}@}:
     * the events it organizes move to it, and their attendees are told, as on any change of
     * organizer address ({@link Scheduling#readdressed}). When the old address had gone out (an
     * event it organized had attendees), the feed token it carried is replaced too. Under the
     * calendar's lock and checked again there, so two nodes starting together do it once.
     */
    public void giveAddress(String calendarId) {
        giveAddress(calendarId, true);
    }

    /**
     * The fallback when {@link #giveAddress(String)} failed for a calendar (its events could not
     * be rewritten): the address alone, and a new feed token, since the old address may have
     * gone out. Its events keep naming the old address, which no longer routes anywhere.
     */
    public void giveAddressAlone(String calendarId) {
        giveAddress(calendarId, false);
    }

    private void giveAddress(String calendarId, boolean moveEvents) {
        HostedCalendar found = em.find(HostedCalendar.class, calendarId);
        if (found == null) {
            return;
        }
        HostedCalendar calendar = store.lock(found.getAccountId(), calendarId);
        if (calendar.getMailId() != null) {
            return;
        }
        String previous = calendar.getFeedToken();   // the address was cal-{feedToken}@ before V9
        calendar.giveMailId();
        calendar.bump();
        em.flush();   // scheduling's writes take the calendar's lock again, reading it afresh
        if (!moveEvents || scheduling.readdressed(calendar.getAccountId(), calendar, previous)) {
            calendar.regenerateFeedToken();
            tokenRegenerated.fire(new FeedTokenRegenerated(calendar.getAccountId(), calendarId,
                    FeedTokenRegenerated.ADDRESS_MOVED));
        }
    }

    /** Deletes the calendar with its objects and sync history. */
    public void delete(String accountId, String calendarId) {
        store.delete(store.lock(accountId, calendarId));
    }

    /** An object of one of the account's calendars, of the given component type (VEVENT, VTODO). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public CalendarObject object(String accountId, String objectId, String component) {
        // another account's object is "not found" in the same words as one that does not exist
        return store.object(objectId)
                .filter(o -> o.getComponent().equals(component) && store.owns(accountId, o.getCalendarId()))
                .orElseThrow(() -> Refused.notFound("Event"));
    }

    /**
     * Adds an object whose text {@code text} makes from the locked calendar; it must hold the
     * given component type (VEVENT, VTODO).
     */
    public CalendarObject create(String accountId, String calendarId, String component,
                                 Function<HostedCalendar, String> text) {
        HostedCalendar calendar = store.lock(accountId, calendarId);
        String written = Repairs.repaired(text.apply(calendar));
        ObjectIndex index = ObjectIndex.of(ICal.parseWritten(written));
        if (!index.component().equals(component)) {
            throw new InvalidCalendarObject(InvalidCalendarObject.Precondition.SUPPORTED_CALENDAR_COMPONENT,
                    "Only " + component + " objects can be stored here");
        }
        refuseUidConflict(calendarId, index.uid(), null);
        return scheduled(accountId, calendar, new CalendarObject(calendarId), null, written, index).object();
    }

    /**
     * Rewrites an object from its latest text; {@code change} gets the locked calendar and that
     * text. With {@code ifMatch} (an ETag list, or null) the write happens only if the object is
     * still in one of those states.
     */
    public CalendarObject update(String accountId, String objectId, String component, String ifMatch,
                                 BiFunction<HostedCalendar, String, String> change) {
        CalendarObject object = object(accountId, objectId, component);
        HostedCalendar calendar = store.lock(accountId, object.getCalendarId());
        store.reread(object);   // the state another writer may have committed before our lock
        requireMatch(object, ifMatch);
        String written = change.apply(calendar, object.getIcalendar());
        ObjectIndex index = ObjectIndex.of(ICal.parseWritten(written));
        refuseUidConflict(calendar.getId(), index.uid(), object.getId());
        return scheduled(accountId, calendar, object, object.getIcalendar(), written, index).object();
    }

    public void delete(String accountId, String objectId, String component, String ifMatch) {
        delete(accountId, object(accountId, objectId, component), ifMatch, null);
    }

    private void delete(String accountId, CalendarObject object, String ifMatch, String ifScheduleTagMatch) {
        HostedCalendar calendar = store.lock(accountId, object.getCalendarId());
        store.reread(object);
        requireMatch(object, ifMatch);
        requireScheduleTag(object, ifScheduleTagMatch);
        scheduling.deleted(accountId, calendar, object.getIcalendar());
        store.remove(calendar, object);
        told(ObjectChanged.Kind.DELETED, calendar, object);
    }

    /** A page of the calendars' objects of one component type, by first start. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<CalendarObject> page(Collection<String> calendarIds, String component, int offset, int limit) {
        return store.page(calendarIds, component, offset, limit);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long count(Collection<String> calendarIds, String component) {
        return store.count(calendarIds, component);
    }

    /** The objects that may have an instance in [start, end): see {@link CalendarStore#candidates}. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<CalendarObject> candidates(Collection<String> calendarIds, String component, Instant start, Instant end) {
        return store.candidates(calendarIds, component, start, end);
    }

    /** Every object of a calendar, by first start: the ICS feed, a PROPFIND of the collection with calendar-data. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<CalendarObject> objects(String calendarId) {
        return store.objects(calendarId);
    }

    /**
     * The same listing without the texts: a PROPFIND of the collection that asks for ETags and the
     * like; without {@code details} (type, size, last change), names and ETags alone.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<ObjectSummary> summaries(String calendarId, boolean details) {
        return store.summaries(calendarId, details);
    }

    // --- CalDAV: collections and objects by name

    /** The account's calendar whose CalDAV collection has this name (its id, or the name a client chose). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<HostedCalendar> collection(String accountId, String name) {
        return store.collection(accountId, name);
    }

    /** MKCALENDAR: a calendar whose collection keeps the name the client chose (at most {@link #MAX_NAME} characters). */
    public HostedCalendar createCollection(String accountId, String name, CalendarChanges fields) {
        refuseName(name);
        if (store.collection(accountId, name).isPresent()) {
            throw Refused.conflict("A collection of that name exists");
        }
        HostedCalendar calendar = create(accountId, fields);
        calendar.setDavName(name);
        em.flush();
        return calendar;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<CalendarObject> objectByName(String calendarId, String name) {
        return store.objectByName(calendarId, name);
    }

    /** The objects of a calendar among the given names (calendar-multiget). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<CalendarObject> objectsByName(String calendarId, Collection<String> names) {
        return store.objectsByName(calendarId, names);
    }

    /**
     * What a PUT did: the object as stored, whether it was new, and whether it was stored as sent
     * (scheduling changes the text of a scheduling object: its SCHEDULE-STATUS, RFC 6638 §3.2.9).
     */
    public record Put(CalendarObject object, boolean created, boolean asSent) {
    }

    /**
     * CalDAV PUT: the text is stored exactly as sent, but for the intake's repairs ({@link Repairs})
     * and what scheduling sets in it.
     * {@code ifMatch} (an ETag list or "*") and {@code ifNoneMatchAny} ("If-None-Match: *") make it
     * conditional (RFC 4918 §10.4, RFC 9110 §13.1), and so does {@code ifScheduleTagMatch} (RFC 6638 §8.2).
     */
    public Put put(String accountId, String calendarId, String name, String text, String ifMatch, boolean ifNoneMatchAny,
                   String ifScheduleTagMatch) {
        refuseName(name);
        HostedCalendar calendar = store.lock(accountId, calendarId);
        Optional<CalendarObject> existing = store.objectByName(calendarId, name);
        if (existing.isPresent() && ifNoneMatchAny || existing.isEmpty() && ifMatch != null) {
            throw Refused.preconditionFailed(existing.isPresent() ? "The resource exists" : "No such resource");
        }
        if (existing.isEmpty() && ifScheduleTagMatch != null) {
            throw Refused.preconditionFailed("No such resource");
        }
        existing.ifPresent(o -> {
            store.reread(o);
            requireMatch(o, ifMatch);
            requireScheduleTag(o, ifScheduleTagMatch);
        });
        String repaired = Repairs.repaired(text);
        ObjectIndex index = ObjectIndex.of(ICal.parseWritten(repaired));
        if (existing.isPresent() && !existing.get().getUid().equals(index.uid())) {
            // RFC 4791 §5.3.2.1: an object keeps its UID; another UID is another object, under another name
            throw UidConflict.changed(existing.get().getName());
        }
        refuseUidConflict(calendarId, index.uid(), existing.map(CalendarObject::getId).orElse(null));
        CalendarObject object = existing.orElseGet(() -> new CalendarObject(calendarId, name));
        Put put = scheduled(accountId, calendar, object, existing.map(CalendarObject::getIcalendar).orElse(null), repaired, index);
        // stored as sent only when neither a repair nor scheduling changed it (RFC 4791 §5.3.4: no ETag otherwise)
        return new Put(put.object(), put.created(), put.asSent() && repaired.equals(text));
    }

    /**
     * A client's write, once accepted, with what scheduling makes of it; stored in the locked
     * calendar, which must hold its component (RFC 4791 §5.3.2.1 supported-calendar-component):
     * checked before scheduling sends anything.
     */
    private Put scheduled(String accountId, HostedCalendar calendar, CalendarObject object, String previous, String text,
                          ObjectIndex written) {
        if (!calendar.holds(written.component())) {
            throw InvalidCalendarObject.notHeld(written.component(), calendar.getComponents());
        }
        Scheduling.Scheduled scheduled = scheduling.written(accountId, calendar, previous, text);
        object.newScheduleTag(scheduled.schedulingObject());
        ObjectIndex index = ObjectIndex.of(ICal.parseWritten(scheduled.text()));
        CalendarObject stored = previous == null ? added(calendar, object, scheduled.text(), index)
                : rewritten(calendar, object, scheduled.text(), index);
        return new Put(stored, previous == null, scheduled.text().equals(text));
    }

    /** CalDAV DELETE of an object by name; false when there is none. */
    public boolean deleteByName(String accountId, String calendarId, String name, String ifMatch, String ifScheduleTagMatch) {
        Optional<CalendarObject> object = store.objectByName(calendarId, name);
        if (object.isEmpty()) {
            return false;
        }
        delete(accountId, object.get(), ifMatch, ifScheduleTagMatch);
        return true;
    }

    // --- scheduling's own writes

    /**
     * The account's oldest calendar that holds events: the schedule-default-calendar-URL (RFC
     * 6638 §9.2), where invitations to events are delivered.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<HostedCalendar> defaultCalendar(String accountId) {
        return defaultCalendar(accountId, Component.VEVENT);
    }

    /** The account's oldest calendar that holds this component (a task list for to-dos), where a new invitation goes. */
    private Optional<HostedCalendar> defaultCalendar(String accountId, String component) {
        return store.calendarsOf(accountId).stream().filter(c -> c.holds(component)).findFirst();
    }

    /**
     * A write by the server's scheduling (RFC 6638 §3.2), never scheduled itself: {@code change}
     * gets the text of the object with this UID in {@code calendarId}, or when that is null in
     * any of the account's calendars (null when there is none) and answers the new text (null:
     * leave it). A new object goes to the account's oldest calendar that holds its component;
     * there is none when the account has no such calendar. The schedule tag moves only on the organizer's changes
     * ({@code organizerChange}), never on a reply or a delivery status merged in (§3.2.10).
     */
    public Optional<CalendarObject> deliver(String accountId, String calendarId, String uid, UnaryOperator<String> change,
                                            boolean organizerChange) {
        List<HostedCalendar> calendars = calendarId != null
                ? Optional.ofNullable(em.find(HostedCalendar.class, calendarId)).map(List::of).orElse(List.of())
                : store.calendarsOf(accountId);
        for (HostedCalendar candidate : calendars) {
            Optional<CalendarObject> found = store.otherWithUid(candidate.getId(), uid, null);
            if (found.isPresent()) {
                HostedCalendar calendar = store.lock(candidate.getAccountId(), candidate.getId());
                CalendarObject object = found.get();
                store.reread(object);
                String text = change.apply(object.getIcalendar());
                if (text == null) {
                    return Optional.empty();
                }
                if (organizerChange) {
                    object.newScheduleTag(true);
                }
                return Optional.of(rewritten(calendar, object, text, ObjectIndex.of(ICal.parseWritten(text))));
            }
        }
        String text = calendarId != null ? null : change.apply(null);
        if (text == null) {
            return Optional.empty();
        }
        ObjectIndex index = ObjectIndex.of(ICal.parseWritten(text));
        Optional<HostedCalendar> home = defaultCalendar(accountId, index.component());
        if (home.isEmpty()) {
            return Optional.empty();
        }
        HostedCalendar calendar = store.lock(accountId, home.get().getId());
        CalendarObject object = new CalendarObject(calendar.getId());
        object.newScheduleTag(true);
        return Optional.of(added(calendar, object, text, index));
    }

    /** The calendar's object with this UID, if it holds one. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<CalendarObject> objectByUid(String calendarId, String uid) {
        return store.otherWithUid(calendarId, uid, null);
    }

    /**
     * A write by the server for an iTIP message that arrived by mail for this calendar (its
     * attendee copy, RFC 6638 §3.2.8): as {@link #deliver}, but the object is made in this very
     * calendar when it has none of the UID, and the text passes the same intake as a client's
     * ({@link Repairs}). Never scheduled itself; its schedule tag moves (an organizer's change).
     */
    public Optional<CalendarObject> receive(String calendarId, String uid, UnaryOperator<String> change) {
        HostedCalendar found = em.find(HostedCalendar.class, calendarId);
        if (found == null) {
            return Optional.empty();
        }
        HostedCalendar calendar = store.lock(found.getAccountId(), calendarId);
        Optional<CalendarObject> existing = store.otherWithUid(calendarId, uid, null);
        existing.ifPresent(store::reread);
        String changed = change.apply(existing.map(CalendarObject::getIcalendar).orElse(null));
        if (changed == null) {
            return Optional.empty();
        }
        String text = Repairs.repaired(changed);
        ObjectIndex index = ObjectIndex.of(ICal.parseWritten(text));
        if (!index.uid().equals(uid)) {
            throw new InvalidCalendarObject(InvalidCalendarObject.Precondition.VALID_CALENDAR_OBJECT_RESOURCE,
                    "Every component of one calendar object has the same UID");
        }
        if (!calendar.holds(index.component())) {
            throw InvalidCalendarObject.notHeld(index.component(), calendar.getComponents());
        }
        CalendarObject object = existing.orElseGet(() -> new CalendarObject(calendarId));
        object.newScheduleTag(true);
        return Optional.of(existing.isPresent() ? rewritten(calendar, object, text, index) : added(calendar, object, text, index));
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public CalendarStore.Changes changesSince(String calendarId, long revision) {
        return store.changesSince(calendarId, revision);
    }

    private CalendarObject added(HostedCalendar calendar, CalendarObject object, String text, ObjectIndex index) {
        return told(ObjectChanged.Kind.CREATED, calendar, store.add(calendar, object, text, index));
    }

    private CalendarObject rewritten(HostedCalendar calendar, CalendarObject object, String text, ObjectIndex index) {
        return told(ObjectChanged.Kind.UPDATED, calendar, store.rewrite(calendar, object, text, index));
    }

    /** Every write of an object is told, in its transaction: the webhooks' outbox joins it. */
    private CalendarObject told(ObjectChanged.Kind kind, HostedCalendar calendar, CalendarObject object) {
        objectChanged.fire(new ObjectChanged(kind, calendar.getAccountId(), calendar.getId(), object));
        return object;
    }

    /** A name no column keeps: refused before anything is looked up by it (CalDAV answers before this, in its own terms). */
    private static void refuseName(String name) {
        if (!nameFits(name)) {
            throw Refused.invalidField("name", "A name has at most " + MAX_NAME + " characters");
        }
    }

    private void refuseUidConflict(String calendarId, String uid, String objectId) {
        store.otherWithUid(calendarId, uid, objectId).ifPresent(o -> {
            throw new UidConflict(o.getName());
        });
    }

    /** If-Schedule-Tag-Match (RFC 6638 §8.2): 412 unless the object's schedule tag is the one named. */
    private static void requireScheduleTag(CalendarObject object, String ifScheduleTagMatch) {
        if (ifScheduleTagMatch != null && !ifScheduleTagMatch.strip().equals(object.getScheduleTag())) {
            throw Refused.preconditionFailed("The scheduling object has changed since that schedule tag; read it again");
        }
    }

    private static void requireMatch(CalendarObject object, String ifMatch) {
        if (ifMatch != null && !EntityTags.anyMatches(ifMatch, object.getEtag(), false)) {
            throw Refused.preconditionFailed("The event has changed since that ETag; read it again");
        }
    }
}
