package com.calendarpipe.caldav;

import com.calendarpipe.calendar.ICal;
import com.calendarpipe.calendar.ObjectIndex;
import com.calendarpipe.calendar.Occurrences;
import com.calendarpipe.calendar.RecurrenceBudget;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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

    /** Reads {@code C:filter}; its one child must be the VCALENDAR comp-filter. */
    static CompFilter parse(Element filter) throws DavError {
        List<Element> children = DavXml.children(filter, Dav.caldav("comp-filter"));
        if (children.size() != 1 || !"VCALENDAR".equals(children.get(0).getAttribute("name"))) {
            throw DavError.precondition(403, Dav.caldav("valid-filter"));
        }
        return comp(children.get(0));
    }

    private static CompFilter comp(Element element) throws DavError {
        List<PropFilter> props = new ArrayList<>();
        for (Element prop : DavXml.children(element, Dav.caldav("prop-filter"))) {
            props.add(prop(prop));
        }
        List<CompFilter> comps = new ArrayList<>();
        for (Element comp : DavXml.children(element, Dav.caldav("comp-filter"))) {
            comps.add(comp(comp));
        }
        return new CompFilter(element.getAttribute("name").toUpperCase(Locale.ROOT), notDefined(element), range(element), props, comps);
    }

    private static PropFilter prop(Element element) throws DavError {
        List<ParamFilter> params = new ArrayList<>();
        for (Element param : DavXml.children(element, Dav.caldav("param-filter"))) {
            params.add(new ParamFilter(param.getAttribute("name").toUpperCase(Locale.ROOT), notDefined(param), match(param)));
        }
        return new PropFilter(element.getAttribute("name").toUpperCase(Locale.ROOT), notDefined(element), range(element),
                match(element), params);
    }

    private static boolean notDefined(Element element) {
        return DavXml.child(element, Dav.caldav("is-not-defined")).isPresent();
    }

    private static TimeRange range(Element element) throws DavError {
        Optional<Element> range = DavXml.child(element, Dav.caldav("time-range"));
        return range.isEmpty() ? null : TimeRange.of(range.get());
    }

    private static TextMatch match(Element element) throws DavError {
        Optional<Element> match = DavXml.child(element, Dav.caldav("text-match"));
        if (match.isEmpty()) {
            return null;
        }
        String collation = match.get().hasAttribute("collation") ? match.get().getAttribute("collation") : "i;ascii-casemap";
        if (!List.of("i;ascii-casemap", "i;octet", "i;unicode-casemap").contains(collation)) {
            throw DavError.precondition(403, Dav.caldav("supported-collation"));
        }
        return new TextMatch(match.get().getTextContent(), collation, "yes".equals(match.get().getAttribute("negate-condition")));
    }

    /** The VEVENT, VTODO or VJOURNAL comp-filter's time range, if any: the store can select candidates by it. */
    static Optional<TimeRange> objectRange(CompFilter calendar) {
        return calendar.comps().stream().map(CompFilter::range).filter(r -> r != null).findFirst();
    }

    /** The component type the filter selects (VEVENT, VTODO, VJOURNAL), if it names one. */
    static Optional<String> component(CompFilter calendar) {
        return calendar.comps().stream().filter(c -> !c.notDefined()).map(CompFilter::name).findFirst();
    }

    /** Whether the object matches; time ranges draw their expansion from the request's {@code budget}. */
    static boolean matches(CompFilter filter, Calendar calendar, RecurrenceBudget budget) {
        // prop-filters of the VCALENDAR filter test the VCALENDAR's own properties (RFC 4791 §9.7.2);
        // python caldav's object_by_uid() without a component type puts its UID filter there, and
        // ignoring it answered with the whole calendar
        return filter.props().stream().allMatch(p -> matches(p, calendar))
                && filter.comps().stream().allMatch(f -> matchesIn(f, calendar, null, calendar, budget));
    }

    /** {@code filter} against the components of {@code parent}, which is {@code owner} (null: the VCALENDAR). */
    private static boolean matchesIn(CompFilter filter, ComponentContainer<?> parent, Component owner, Calendar whole,
                                     RecurrenceBudget budget) {
        List<? extends Component> candidates = parent.getComponents(filter.name());
        if (filter.notDefined()) {
            return candidates.isEmpty();
        }
        return candidates.stream().anyMatch(c -> (filter.range() == null || inRange(c, owner, filter.range(), whole, budget))
                && filter.props().stream().allMatch(p -> matches(p, c))
                && filter.comps().stream().allMatch(f -> c instanceof ComponentContainer<?> inner
                        && matchesIn(f, inner, c, whole, budget)));
    }

    /**
     * RFC 4791 §9.9: an event, to-do or journal matches when one of its instances overlaps the
     * range, recurrences expanded and overrides applied; an alarm when one of its triggers falls
     * in it; other components (VTIMEZONE) are not narrowed.
     */
    private static boolean inRange(Component component, Component owner, TimeRange range, Calendar whole,
                                   RecurrenceBudget budget) {
        if (component.getName().equals(Component.VALARM)) {
            return owner != null && alarmInRange(component, owner, range, whole, budget);
        }
        if (!ObjectIndex.COMPONENTS.contains(component.getName())) {
            return true;
        }
        // the instances this component describes (RFC 4791 §9.7.1): an override's own, or the series' others
        return instances(whole, range.start(), range.end(), budget)
                .map(found -> found.stream().anyMatch(o -> o.component() == component))
                .orElse(true);   // it has instances in the range: more than can be listed
    }

    /**
     * The instances of the object overlapping [from, to); empty when there are more than can be
     * listed. Too costly to tell: the request is refused.
     */
    private static Optional<List<Occurrences.Occurrence>> instances(Calendar whole, Instant from, Instant to,
                                                                    RecurrenceBudget budget) {
        try {
            return Optional.of(Occurrences.within(whole, from, to, ZoneOffset.UTC, budget.forOneObject()));
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
    private static boolean alarmInRange(Component alarm, Component owner, TimeRange range, Calendar whole, RecurrenceBudget budget) {
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
        return instances(whole, from, to, budget)
                .map(found -> found.stream().filter(o -> o.component() == owner && o.start() != null)
                        .anyMatch(o -> fires(ICal.instant(fromEnd ? o.end() : o.start(), ZoneOffset.UTC).plus(offset),
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

    private static boolean matches(PropFilter filter, PropertyContainer component) {
        List<Property> properties = component.getProperties(filter.name());
        if (filter.notDefined()) {
            return properties.isEmpty();
        }
        return properties.stream().anyMatch(p -> (filter.match() == null || filter.match().test(p.getValue()))
                && (filter.range() == null || inRange(p, filter.range()))
                && filter.params().stream().allMatch(f -> matches(f, p)));
    }

    private static boolean inRange(Property property, TimeRange range) {
        if (!(property instanceof DateProperty<?> date) || date.getDate() == null) {
            return false;
        }
        Instant at = ICal.instant((Temporal) date.getDate(), ZoneOffset.UTC);
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
