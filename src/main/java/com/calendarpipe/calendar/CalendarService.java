package com.calendarpipe.calendar;

import com.calendarpipe.rest.ApiError;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The calendar store's transactions. Every write first takes the calendar's row lock, so the
 * writes of one calendar happen one after another: the ctag (the calendar's revision) never
 * loses an increment and an object is always changed from its latest state. Another account's
 * calendar or object is "not found", never "forbidden".
 */
@Stateless
public class CalendarService {

    @PersistenceContext
    EntityManager em;

    public HostedCalendar create(String accountId, CalendarChanges fields) {
        HostedCalendar calendar = new HostedCalendar(accountId, fields.name());
        fields.applyTo(calendar);
        em.persist(calendar);
        return calendar;
    }

    /** The account's calendars, oldest first. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<HostedCalendar> list(String accountId) {
        return em.createNamedQuery("HostedCalendar.ofAccount", HostedCalendar.class)
                .setParameter("account", accountId)
                .getResultList();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public HostedCalendar get(String accountId, String calendarId) {
        return owned(accountId, em.find(HostedCalendar.class, calendarId));
    }

    /** The calendars named, in the order given; 404 if any is unknown or another account's. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<HostedCalendar> get(String accountId, Collection<String> calendarIds) {
        List<HostedCalendar> found = new ArrayList<>();
        for (String id : calendarIds) {
            found.add(get(accountId, id));
        }
        return found;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<HostedCalendar> byFeedToken(String token) {
        return em.createNamedQuery("HostedCalendar.byFeedToken", HostedCalendar.class)
                .setParameter("token", token)
                .getResultList()
                .stream()
                .findFirst();
    }

    public HostedCalendar update(String accountId, String calendarId, CalendarChanges changes) {
        HostedCalendar calendar = lock(accountId, calendarId);
        changes.applyTo(calendar);
        calendar.bump();
        return calendar;
    }

    /** A new feed token: the old feed URL, calendar email and CalDAV collection stop answering. */
    public HostedCalendar regenerateFeedToken(String accountId, String calendarId) {
        HostedCalendar calendar = lock(accountId, calendarId);
        calendar.regenerateFeedToken();
        calendar.bump();
        return calendar;
    }

    /** Deletes the calendar with its objects and sync history. */
    public void delete(String accountId, String calendarId) {
        HostedCalendar calendar = lock(accountId, calendarId);
        em.createNamedQuery("CalendarObject.deleteOfCalendar").setParameter("calendar", calendarId).executeUpdate();
        em.createNamedQuery("Tombstone.deleteOfCalendar").setParameter("calendar", calendarId).executeUpdate();
        em.remove(calendar);
    }

    /** An object of one of the account's calendars, of the given component type (VEVENT, VTODO). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public CalendarObject object(String accountId, String objectId, String component) {
        CalendarObject object = em.find(CalendarObject.class, objectId);
        if (object == null || !object.getComponent().equals(component)) {
            throw ApiError.notFound("Event");
        }
        get(accountId, object.getCalendarId());
        return object;
    }

    /**
     * Adds an object whose text {@code text} makes from the locked calendar; it must hold the
     * given component type (VEVENT, VTODO).
     */
    public CalendarObject create(String accountId, String calendarId, String component,
                                 Function<HostedCalendar, String> text) {
        HostedCalendar calendar = lock(accountId, calendarId);
        String written = text.apply(calendar);
        ObjectIndex index = ObjectIndex.of(ICal.parse(written));
        if (!index.component().equals(component)) {
            throw new InvalidCalendarObject(InvalidCalendarObject.Precondition.SUPPORTED_CALENDAR_COMPONENT,
                    "Only " + component + " objects can be stored here");
        }
        refuseUidConflict(calendarId, index.uid(), null);
        CalendarObject object = new CalendarObject(calendarId);
        object.write(written, index, calendar.bump());
        forgetTombstone(calendarId, object.getName());
        em.persist(object);
        em.flush();
        return object;
    }

    /**
     * Rewrites an object from its latest text; {@code change} gets the locked calendar and that
     * text. With {@code ifMatch} (an ETag, or null) the write happens only if the object is
     * still in that state.
     */
    public CalendarObject update(String accountId, String objectId, String component, String ifMatch,
                                 BiFunction<HostedCalendar, String, String> change) {
        CalendarObject object = object(accountId, objectId, component);
        HostedCalendar calendar = lock(accountId, object.getCalendarId());
        em.refresh(object);   // the state another writer may have committed before our lock
        requireMatch(object, ifMatch);
        String written = change.apply(calendar, object.getIcalendar());
        ObjectIndex index = ObjectIndex.of(ICal.parse(written));
        refuseUidConflict(calendar.getId(), index.uid(), object.getId());
        object.write(written, index, calendar.bump());
        em.flush();
        return object;
    }

    public void delete(String accountId, String objectId, String component, String ifMatch) {
        CalendarObject object = object(accountId, objectId, component);
        HostedCalendar calendar = lock(accountId, object.getCalendarId());
        em.refresh(object);
        requireMatch(object, ifMatch);
        long revision = calendar.bump();
        em.remove(object);
        em.createNamedQuery("Tombstone.byName", Tombstone.class)
                .setParameter("calendar", calendar.getId())
                .setParameter("name", object.getName())
                .getResultList()
                .stream()
                .findFirst()
                .ifPresentOrElse(t -> t.deletedAgain(revision),
                        () -> em.persist(new Tombstone(calendar.getId(), object.getName(), revision)));
    }

    /** A page of the calendars' objects of one component type, by first start. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<CalendarObject> page(Collection<String> calendarIds, String component, int offset, int limit) {
        if (calendarIds.isEmpty()) {
            return List.of();   // "IN ()" is a syntax error on PostgreSQL under EclipseLink
        }
        return em.createNamedQuery("CalendarObject.page", CalendarObject.class)
                .setParameter("calendars", calendarIds)
                .setParameter("component", component)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long count(Collection<String> calendarIds, String component) {
        if (calendarIds.isEmpty()) {
            return 0;
        }
        return em.createNamedQuery("CalendarObject.count", Long.class)
                .setParameter("calendars", calendarIds)
                .setParameter("component", component)
                .getSingleResult();
    }

    /**
     * The objects that may have an instance in [start, end): a superset, from the indexed span
     * alone. Short objects come from a range of the window index bounded on both sides, long
     * ones (recurring, multi-day) by overlap; the caller checks the exact instances.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<CalendarObject> candidates(Collection<String> calendarIds, String component, Instant start, Instant end) {
        if (calendarIds.isEmpty()) {
            return List.of();
        }
        List<CalendarObject> found = new ArrayList<>(em.createNamedQuery("CalendarObject.shortInWindow", CalendarObject.class)
                .setParameter("calendars", calendarIds)
                .setParameter("component", component)
                .setParameter("earliest", start.minus(ObjectIndex.LONG_SPAN))
                .setParameter("start", start)
                .setParameter("end", end)
                .getResultList());
        found.addAll(em.createNamedQuery("CalendarObject.longInWindow", CalendarObject.class)
                .setParameter("calendars", calendarIds)
                .setParameter("component", component)
                .setParameter("start", start)
                .setParameter("end", end)
                .getResultList());
        return found;
    }

    /** Every object of a calendar, by first start: the ICS feed. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<CalendarObject> objects(String calendarId) {
        return em.createNamedQuery("CalendarObject.all", CalendarObject.class)
                .setParameter("calendar", calendarId)
                .getResultList();
    }

    // --- CalDAV: collections and objects by name

    /** The account's calendar whose CalDAV collection has this name (its feed token, or the name a client chose). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<HostedCalendar> collection(String accountId, String name) {
        return em.createNamedQuery("HostedCalendar.byCollection", HostedCalendar.class)
                .setParameter("account", accountId)
                .setParameter("name", name)
                .getResultList()
                .stream()
                .findFirst();
    }

    /** MKCALENDAR: a calendar whose collection keeps the name the client chose. */
    public HostedCalendar createCollection(String accountId, String name, CalendarChanges fields) {
        if (collection(accountId, name).isPresent()) {
            throw ApiError.conflict("A collection of that name exists");
        }
        HostedCalendar calendar = create(accountId, fields);
        calendar.setDavName(name);
        em.flush();
        return calendar;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<CalendarObject> objectByName(String calendarId, String name) {
        return em.createNamedQuery("CalendarObject.byName", CalendarObject.class)
                .setParameter("calendar", calendarId)
                .setParameter("name", name)
                .getResultList()
                .stream()
                .findFirst();
    }

    /** The objects of a calendar among the given names (calendar-multiget). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<CalendarObject> objectsByName(String calendarId, Collection<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        return em.createNamedQuery("CalendarObject.byNames", CalendarObject.class)
                .setParameter("calendar", calendarId)
                .setParameter("names", names)
                .getResultList();
    }

    /** What a PUT did: the object as stored, and whether it was new. */
    public record Put(CalendarObject object, boolean created) {
    }

    /**
     * CalDAV PUT: the text is stored exactly as sent. {@code ifMatch} (an ETag list or "*") and
     * {@code ifNoneMatchAny} ("If-None-Match: *") make it conditional (RFC 4918 §10.4, RFC 9110 §13.1).
     */
    public Put put(String accountId, String calendarId, String name, String text, String ifMatch, boolean ifNoneMatchAny) {
        HostedCalendar calendar = lock(accountId, calendarId);
        Optional<CalendarObject> existing = objectByName(calendarId, name);
        if (existing.isPresent() && ifNoneMatchAny || existing.isEmpty() && ifMatch != null) {
            throw ApiError.preconditionFailed(existing.isPresent() ? "The resource exists" : "No such resource");
        }
        existing.ifPresent(o -> {
            em.refresh(o);
            requireMatch(o, ifMatch);
        });
        ObjectIndex index = ObjectIndex.of(ICal.parse(text));
        refuseUidConflict(calendarId, index.uid(), existing.map(CalendarObject::getId).orElse(null));
        CalendarObject object = existing.orElseGet(() -> new CalendarObject(calendarId, name));
        object.write(text, index, calendar.bump());
        if (existing.isEmpty()) {
            forgetTombstone(calendarId, name);
            em.persist(object);
        }
        em.flush();
        return new Put(object, existing.isEmpty());
    }

    /** CalDAV DELETE of an object by name; false when there is none. */
    public boolean deleteByName(String accountId, String calendarId, String name, String ifMatch) {
        Optional<CalendarObject> object = objectByName(calendarId, name);
        if (object.isEmpty()) {
            return false;
        }
        delete(accountId, object.get().getId(), object.get().getComponent(), ifMatch);
        return true;
    }

    /** Changes after a revision (RFC 6578): objects written since, and names deleted since. */
    public record Changes(List<CalendarObject> written, List<Tombstone> deleted) {
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Changes changesSince(String calendarId, long revision) {
        return new Changes(
                em.createNamedQuery("CalendarObject.changedSince", CalendarObject.class)
                        .setParameter("calendar", calendarId).setParameter("since", revision).getResultList(),
                em.createNamedQuery("Tombstone.since", Tombstone.class)
                        .setParameter("calendar", calendarId).setParameter("since", revision).getResultList());
    }

    /**
     * The calendar, row-locked until commit and read afresh under the lock: a refresh rather
     * than a locking find, because a find of an entity already in the persistence context
     * would lock the row but keep the state read before the lock.
     */
    private HostedCalendar lock(String accountId, String calendarId) {
        HostedCalendar calendar = owned(accountId, em.find(HostedCalendar.class, calendarId));
        em.refresh(calendar, LockModeType.PESSIMISTIC_WRITE);
        return owned(accountId, calendar);
    }

    private static HostedCalendar owned(String accountId, HostedCalendar calendar) {
        if (calendar == null || !calendar.getAccountId().equals(accountId)) {
            throw ApiError.notFound("Calendar");
        }
        return calendar;
    }

    private void refuseUidConflict(String calendarId, String uid, String objectId) {
        em.createNamedQuery("CalendarObject.byUid", CalendarObject.class)
                .setParameter("calendar", calendarId)
                .setParameter("uid", uid)
                .getResultList()
                .stream()
                .filter(o -> !o.getId().equals(objectId))
                .findFirst()
                .ifPresent(o -> {
                    throw new UidConflict(o.getName());
                });
    }

    private static void requireMatch(CalendarObject object, String ifMatch) {
        if (ifMatch != null && !ifMatch.strip().equals("*")
                && Arrays.stream(ifMatch.split(",")).map(String::strip).noneMatch(object.getEtag()::equals)) {
            throw ApiError.preconditionFailed("The event has changed since that ETag; read it again");
        }
    }

    private void forgetTombstone(String calendarId, String name) {
        em.createNamedQuery("Tombstone.byName", Tombstone.class)
                .setParameter("calendar", calendarId)
                .setParameter("name", name)
                .getResultList()
                .forEach(em::remove);
    }
}
