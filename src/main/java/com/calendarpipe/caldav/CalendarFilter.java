package com.calendarpipe.caldav;

import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.ObjectIndex;
import com.calendarpipe.calendar.Occurrences;
import com.calendarpipe.calendar.RecurrenceBudget;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.ComponentContainer;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.PropertyContainer;
import net.fortuna.ical4j.model.property.DateProperty;
import net.fortuna.ical4j.model.property.Repeat;
import net.fortuna.ical4j.model.property.Trigger;
import org.w3c.dom.Element;

/**
 * A calendar-query filter (RFC 4791 §9.7) and its evaluation against one calendar object, as
 * pure code: comp-filter, prop-filter, param-filter, is-not-defined, text-match with the
 * i;ascii-casemap (default), i;octet and i;unicode-casemap collations and negate-condition,
 * and time-range with recurrence expansion, on alarms too.
 */
final class CalendarFilter {

    record TextMatch(String text, String collation, boolean negate) {
        boolean test(String value) {
            boolean found = switch (collation) {
                case "i;octet" -> value.contains(text);
                case "i;unicode-casemap" -> value.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT));
                default -> asciiLower(value).contains(asciiLower(text));
            };
            return found != negate;
        }

        private static String asciiLower(String s) {
            StringBuilder out = new StringBuilder(s.length());
            for (char c : s.toCharArray()) {
                out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
            }
            return out.toString();
        }
    }

    record ParamFilter(String name, boolean notDefined, TextMatch match) {
    }

    record PropFilter(String name, boolean notDefined, TimeRange range, TextMatch match, List<ParamFilter> params) {
    }

    record CompFilter(String name, boolean notDefined, TimeRange range, List<PropFilter> props, List<CompFilter> comps) {
    }

    private CalendarFilter() {
    }

    /** Components a time range applies to (RFC 4791 §9.9). */
    private static final Set<String> TIMED = Set.of("VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VALARM");
    /**
     * Properties whose value is a date or a time (RFC 5545 §3.8.2, §3.8.5, §3.8.6.3, §3.8.7; RFC
     * 9074's ACKNOWLEDGED), the only ones a time range applies to (RFC 4791 §7.8: never SUMMARY);
     * x-properties may be of any type, so a time range may name them.
     */
    private static final Set<String> DATED = Set.of("DTSTART", "DTEND", "DUE", "COMPLETED", "CREATED", "DTSTAMP",
            "LAST-MODIFIED", "RECURRENCE-ID", "EXDATE", "RDATE", "TRIGGER", "ACKNOWLEDGED");
    private static final Set<String> COLLATIONS = Set.of("i;ascii-casemap", "i;octet", "i;unicode-casemap");

    /**
     * Reads {@code C:filter} and checks it against RFC 4791 §9.7 before it runs: one VCALENDAR
     * comp-filter; comp-filters nested as the components nest (RFC 5545 §3.6); is-not-defined
     * alone; at most one time range, on a component it applies to (§9.9) or a date property;
     * a time range or a text-match in a prop-filter, not both; a param-filter tests text only.
     * Anything else is another question than the client meant: 403 valid-filter (§7.8), and
     * a component the server cannot query is 403 supported-filter. Elements of other
     * namespaces are extensions, and ignored.
     */
    static CompFilter parse(Element filter) throws DavError {
        List<Element> children = caldavChildren(filter);
        if (children.size() != 1 || !isA(children.get(0), "comp-filter")
                || !"VCALENDAR".equals(children.get(0).getAttribute("name"))) {
            throw invalid();
        }
        return comp(children.get(0));
    }

    private static CompFilter comp(Element element) throws DavError {
        String name = name(element);
        List<PropFilter> props = new ArrayList<>();
        List<CompFilter> comps = new ArrayList<>();
        TimeRange range = null;
        boolean notDefined = false;
        List<Element> children = caldavChildren(element);
        for (Element child : children) {
            switch (child.getLocalName()) {
                case "is-not-defined" -> notDefined = true;
                case "time-range" -> range = range(range, TIMED.contains(name), child);
                case "prop-filter" -> props.add(prop(child));
                case "comp-filter" -> {
                    CompFilter inner = comp(child);
                    if (!ComponentSelection.CHILDREN.getOrDefault(name, Set.of()).contains(inner.name())) {
                        throw invalid();   // VEVENT in VEVENT, VALARM in VCALENDAR
                    }
                    comps.add(inner);
                }
                default -> throw invalid();
            }
        }
        alone(notDefined, children);
        return new CompFilter(name, notDefined, range, props, comps);
    }

    private static PropFilter prop(Element element) throws DavError {
        String name = name(element);
        List<ParamFilter> params = new ArrayList<>();
        TimeRange range = null;
        TextMatch match = null;
        boolean notDefined = false;
        List<Element> children = caldavChildren(element);
        for (Element child : children) {
            switch (child.getLocalName()) {
                case "is-not-defined" -> notDefined = true;
                case "time-range" -> range = range(range, match == null && (DATED.contains(name) || name.startsWith("X-")), child);
                case "text-match" -> {
                    if (range != null || match != null) {
                        throw invalid();
                    }
                    match = match(child);
                }
                case "param-filter" -> params.add(param(child));
                default -> throw invalid();
            }
        }
        alone(notDefined, children);
        return new PropFilter(name, notDefined, range, match, params);
    }

    private static ParamFilter param(Element element) throws DavError {
        String name = name(element);
        List<Element> children = caldavChildren(element);
        if (children.size() > 1) {
            throw invalid();   // is-not-defined or one text-match
        }
        if (children.isEmpty()) {
            return new ParamFilter(name, false, null);
        }
        return switch (children.get(0).getLocalName()) {
            case "is-not-defined" -> new ParamFilter(name, true, null);
            case "text-match" -> new ParamFilter(name, false, match(children.get(0)));
            default -> throw invalid();
        };
    }

    /** A filter's one time range ({@code earlier}: one read before), where one {@code allowed}. */
    private static TimeRange range(TimeRange earlier, boolean allowed, Element child) throws DavError {
        if (earlier != null || !allowed) {
            throw invalid();
        }
        return TimeRange.ofFilter(child);
    }

    /** is-not-defined stands alone in its filter (RFC 4791 §9.7.1, §9.7.2). */
    private static void alone(boolean notDefined, List<Element> children) throws DavError {
        if (notDefined && children.size() > 1) {
            throw invalid();
        }
    }

    /** A filter's name attribute, which every comp-, prop- and param-filter has; for a component, one the server can query. */
    private static String name(Element element) throws DavError {
        String name = element.getAttribute("name").strip().toUpperCase(Locale.ROOT);
        if (name.isEmpty()) {
            throw invalid();
        }
        if (isA(element, "comp-filter") && !name.equals("VCALENDAR") && ComponentSelection.CHILDREN.values().stream()
                .noneMatch(children -> children.contains(name))) {
            throw DavError.precondition(403, Dav.SUPPORTED_FILTER);
        }
        return name;
    }

    private static TextMatch match(Element match) throws DavError {
        String collation = match.hasAttribute("collation") ? match.getAttribute("collation") : "i;ascii-casemap";
        if (!COLLATIONS.contains(collation)) {
            throw DavError.precondition(403, Dav.caldav("supported-collation"));
        }
        String negate = match.hasAttribute("negate-condition") ? match.getAttribute("negate-condition") : "no";
        if (!negate.equals("yes") && !negate.equals("no")) {
            throw invalid();
        }
        return new TextMatch(match.getTextContent(), collation, negate.equals("yes"));
    }

    /** The child elements in the CalDAV namespace. */
    private static List<Element> caldavChildren(Element element) {
        return DavXml.children(element).stream().filter(e -> Dav.CALDAV.equals(e.getNamespaceURI())).toList();
    }

    private static boolean isA(Element element, String name) {
        return Dav.CALDAV.equals(element.getNamespaceURI()) && name.equals(element.getLocalName());
    }

    private static DavError invalid() {
        return DavError.precondition(403, Dav.VALID_FILTER);
    }

    /** The VEVENT, VTODO or VJOURNAL comp-filter's time range, if any: the store can select candidates by it. */
    static Optional<TimeRange> objectRange(CompFilter calendar) {
        return calendar.comps().stream().map(CompFilter::range).filter(r -> r != null).findFirst();
    }

    /** The component type the filter selects (VEVENT, VTODO, VJOURNAL), if it names one. */
    static Optional<String> component(CompFilter calendar) {
        return calendar.comps().stream().filter(c -> !c.notDefined()).map(CompFilter::name).findFirst();
    }

    /**
     * Whether the object matches; time ranges draw their expansion from the request's {@code
     * budget}, and read floating times and dates in {@code floating} (RFC 4791 §9.8).
     */
    static boolean matches(CompFilter filter, Calendar calendar, RecurrenceBudget budget, ZoneId floating) {
        // prop-filters of the VCALENDAR filter test the VCALENDAR's own properties (RFC 4791 §9.7.2);
        // python caldav's object_by_uid() without a component type puts its UID filter there, and
        // ignoring it answered with the whole calendar
        return filter.props().stream().allMatch(p -> matches(p, calendar, floating))
                && filter.comps().stream().allMatch(f -> matchesIn(f, calendar, null, calendar, budget, floating));
    }

    /** {@code filter} against the components of {@code parent}, which is {@code owner} (null: the VCALENDAR). */
    private static boolean matchesIn(CompFilter filter, ComponentContainer<?> parent, Component owner, Calendar whole,
                                     RecurrenceBudget budget, ZoneId floating) {
        List<? extends Component> candidates = parent.getComponents(filter.name());
        if (filter.notDefined()) {
            return candidates.isEmpty();
        }
        return candidates.stream().anyMatch(c -> (filter.range() == null
                        || inRange(c, owner, filter.range(), whole, budget, floating))
                && filter.props().stream().allMatch(p -> matches(p, c, floating))
                && filter.comps().stream().allMatch(f -> c instanceof ComponentContainer<?> inner
                        && matchesIn(f, inner, c, whole, budget, floating)));
    }

    /**
     * RFC 4791 §9.9: an event, to-do or journal matches when one of its instances overlaps the
     * range, recurrences expanded and overrides applied; an alarm when one of its triggers falls
     * in it; other components (VTIMEZONE) are not narrowed.
     */
    private static boolean inRange(Component component, Component owner, TimeRange range, Calendar whole,
                                   RecurrenceBudget budget, ZoneId floating) {
        if (component.getName().equals(Component.VALARM)) {
            return owner != null && alarmInRange(component, owner, range, whole, budget, floating);
        }
        if (!ObjectIndex.COMPONENTS.contains(component.getName())) {
            return true;
        }
        // the instances this component describes (RFC 4791 §9.7.1): an override's own, or the series' others
        return instances(whole, range.start(), range.end(), budget, floating)
                .map(found -> found.stream().anyMatch(o -> o.component() == component))
                .orElse(true);   // it has instances in the range: more than can be listed
    }

    /**
     * The instances of the object overlapping [from, to); empty when there are more than can be
     * listed. Too costly to tell: the request is refused.
     */
    private static Optional<List<Occurrences.Occurrence>> instances(Calendar whole, Instant from, Instant to,
                                                                    RecurrenceBudget budget, ZoneId floating) {
        try {
            return Optional.of(Occurrences.within(whole, from, to, floating, budget.forOneObject()));
        } catch (RecurrenceBudget.Exceeded e) {
            if (e.limit() == RecurrenceBudget.Limit.INSTANCES) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * RFC 4791 §9.9 for a VALARM: whether one of its trigger times (RFC 5545 §3.8.6.3, and the
     * REPEAT more after each DURATION, §3.8.6.2) falls in the range, for every instance of the
     * component it belongs to. A relative trigger follows the instance's start, or its end with
     * RELATED=END. An alarm whose trigger cannot be read never fires, so never matches.
     */
    private static boolean alarmInRange(Component alarm, Component owner, TimeRange range, Calendar whole, RecurrenceBudget budget,
                                        ZoneId floating) {
        if (!(alarm.getProperty(Property.TRIGGER).orElse(null) instanceof Trigger trigger)) {
            return false;
        }
        Duration every = alarm.getProperty(Property.DURATION)
                .map(p -> exact(((net.fortuna.ical4j.model.property.Duration) p).getDuration())).orElse(null);
        long repeats = alarm.getProperty(Property.REPEAT).map(p -> (long) ((Repeat) p).getCount()).orElse(0L);
        if (every == null || every.getSeconds() <= 0 || repeats < 0) {
            repeats = 0;   // RFC 5545 §3.6.6: REPEAT counts only with a positive DURATION
        } else {
            // repeats past the widest range can never be in one: a huge REPEAT costs nothing more
            repeats = Math.min(repeats, Duration.between(TimeRange.EARLIEST, TimeRange.LATEST).getSeconds() / every.getSeconds() + 1);
        }
        if (trigger.isAbsolute()) {
            return trigger.getDate() != null && fires(trigger.getDate(), repeats, every, range);
        }
        Duration offset = exact(trigger.getDuration());
        if (offset == null) {
            return false;
        }
        boolean fromEnd = trigger.getParameter(Parameter.RELATED).map(p -> "END".equalsIgnoreCase(p.getValue())).orElse(false);
        // the instances whose start (or end) puts a trigger in the range: base + offset + k * every in [start, end)
        Duration last = repeats == 0 ? offset : offset.plus(every.multipliedBy(repeats));
        Instant from = range.start().minus(last).minusSeconds(1);
        Instant to = range.end().minus(offset).plusSeconds(1);
        from = from.isBefore(TimeRange.EARLIEST) ? TimeRange.EARLIEST : from;
        to = to.isAfter(TimeRange.LATEST) ? TimeRange.LATEST : to;
        if (!from.isBefore(to)) {
            return false;
        }
        final long count = repeats;
        return instances(whole, from, to, budget, floating)
                .map(found -> found.stream().filter(o -> o.component() == owner && o.start() != null)
                        .anyMatch(o -> fires(ICal.instant(fromEnd ? o.end() : o.start(), floating).plus(offset),
                                count, every, range)))
                .orElse(true);   // more instances than can be listed in the widened range: taken as firing in it
    }

    /** Whether first, or one of its {@code repeats} repetitions {@code every} apart, falls in [start, end). */
    private static boolean fires(Instant first, long repeats, Duration every, TimeRange range) {
        if (!first.isBefore(range.end())) {
            return false;
        }
        if (!first.isBefore(range.start())) {
            return true;
        }
        if (repeats == 0) {
            return false;
        }
        // the first repetition at or after the range's start, found without walking the repetitions
        long gap = Duration.between(first, range.start()).getSeconds();
        long step = every.getSeconds();
        long k = gap / step + (gap % step == 0 ? 0 : 1);
        return k <= repeats && first.plusSeconds(k * step).isBefore(range.end());
    }

    /** An iCalendar duration (RFC 5545 §3.3.6: weeks, days, hours, minutes, seconds) as exact time; null when unreadable. */
    private static Duration exact(TemporalAmount amount) {
        if (amount instanceof Duration duration) {
            return duration;
        }
        if (amount instanceof Period period && period.toTotalMonths() == 0) {
            return Duration.ofDays(period.getDays());
        }
        return null;
    }

    private static boolean matches(PropFilter filter, PropertyContainer component, ZoneId floating) {
        List<Property> properties = component.getProperties(filter.name());
        if (filter.notDefined()) {
            return properties.isEmpty();
        }
        return properties.stream().anyMatch(p -> (filter.match() == null || filter.match().test(p.getValue()))
                && (filter.range() == null || inRange(p, filter.range(), floating))
                && filter.params().stream().allMatch(f -> matches(f, p)));
    }

    private static boolean inRange(Property property, TimeRange range, ZoneId floating) {
        if (!(property instanceof DateProperty<?> date) || date.getDate() == null) {
            return false;
        }
        Instant at = ICal.instant((Temporal) date.getDate(), floating);
        return !at.isBefore(range.start()) && at.isBefore(range.end());
    }

    private static boolean matches(ParamFilter filter, Property property) {
        Optional<Parameter> parameter = property.getParameter(filter.name());
        if (filter.notDefined()) {
            return parameter.isEmpty();
        }
        return parameter.isPresent() && (filter.match() == null || filter.match().test(parameter.get().getValue()));
    }
}
