package com.calendarpipe.caldav;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/**
 * Partial retrieval (RFC 4791 §9.6.1-§9.6.4): the components and properties a {@code C:comp}
 * tree inside {@code calendar-data} asks for, cut from iCalendar text line by line, so that
 * what is kept stays byte for byte as stored. A {@code comp} holds {@code allprop} or some
 * {@code prop}s (none: no properties), and {@code allcomp} or some {@code comp}s (none: no
 * components); {@code prop novalue="yes"} keeps the property's name and parameters only.
 */
record ComponentSelection(String name, boolean allProps, Map<String, Boolean> props, boolean allComps,
                          Map<String, ComponentSelection> comps) {

    /**
     * What each component may hold (RFC 5545 §3.6, RFC 7953): a {@code comp} naming anything else
     * is refused, and so is a calendar-query's comp-filter ({@link CalendarFilter}).
     */
    static final Map<String, Set<String>> CHILDREN = Map.of(
            "VCALENDAR", Set.of("VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VTIMEZONE", "VAVAILABILITY"),
            "VEVENT", Set.of("VALARM"),
            "VTODO", Set.of("VALARM"),
            "VTIMEZONE", Set.of("STANDARD", "DAYLIGHT"),
            "VAVAILABILITY", Set.of("AVAILABLE"));
    /** RFC 5545 §3.1: a property name is an iana-token or x-name. */
    private static final Pattern PROPERTY_NAME = Pattern.compile("[A-Za-z0-9-]{1,64}");
    /** A line break and the white space that continues a folded line (RFC 5545 §3.1). */
    private static final Pattern FOLD = Pattern.compile("\r?\n[ \t]");
    /** Everything: what {@code allcomp} selects below a component. */
    private static final ComponentSelection ALL = new ComponentSelection("*", true, Map.of(), true, Map.of());
    /** Marks a component left out, with everything inside it (an ArrayDeque holds no nulls). */
    private static final ComponentSelection NONE = new ComponentSelection("-", false, Map.of(), false, Map.of());

    /**
     * Reads the {@code C:comp} of a {@code calendar-data}: the VCALENDAR at its root, the
     * components each may hold below. Contradictory (allprop and prop, allcomp and comp, one
     * component twice) or unknown names: 400.
     */
    static ComponentSelection of(Element comp) throws DavError {
        if (!"VCALENDAR".equals(comp.getAttribute("name"))) {
            throw DavError.status(400);
        }
        return read(comp);
    }

    private static ComponentSelection read(Element comp) throws DavError {
        String name = comp.getAttribute("name").toUpperCase(Locale.ROOT);
        boolean allProps = DavXml.child(comp, Dav.caldav("allprop")).isPresent();
        boolean allComps = DavXml.child(comp, Dav.caldav("allcomp")).isPresent();
        List<Element> propElements = DavXml.children(comp, Dav.caldav("prop"));
        List<Element> compElements = DavXml.children(comp, Dav.caldav("comp"));
        if (allProps && !propElements.isEmpty() || allComps && !compElements.isEmpty()) {
            throw DavError.status(400);
        }
        Map<String, Boolean> props = new LinkedHashMap<>();
        for (Element prop : propElements) {
            String novalue = prop.hasAttribute("novalue") ? prop.getAttribute("novalue") : "no";
            if (!PROPERTY_NAME.matcher(prop.getAttribute("name")).matches() || !List.of("yes", "no").contains(novalue)
                    || props.put(prop.getAttribute("name").toUpperCase(Locale.ROOT), novalue.equals("yes")) != null) {
                throw DavError.status(400);
            }
        }
        Map<String, ComponentSelection> comps = new LinkedHashMap<>();
        for (Element child : compElements) {
            String childName = child.getAttribute("name").toUpperCase(Locale.ROOT);
            // bounded by the component tree: VALARM, STANDARD and DAYLIGHT hold nothing, so nesting stops there
            if (!CHILDREN.getOrDefault(name, Set.of()).contains(childName) || comps.put(childName, read(child)) != null) {
                throw DavError.status(400);
            }
        }
        return new ComponentSelection(name, allProps, props, allComps, comps);
    }

    /** {@code text} (a VCALENDAR) with only the selected components and properties, in their order. */
    String apply(String text) {
        StringBuilder out = new StringBuilder(text.length());
        Deque<ComponentSelection> open = new ArrayDeque<>();   // NONE: a component left out, with all inside it
        for (String line : logicalLines(text)) {
            String unfolded = FOLD.matcher(line).replaceAll("").stripTrailing();
            String property = propertyName(unfolded);
            if (property.equals("BEGIN")) {
                String component = value(unfolded).toUpperCase(Locale.ROOT);
                ComponentSelection selected = open.isEmpty() ? (component.equals(name) ? this : null)
                        : open.peek().allComps ? ALL : open.peek().comps.get(component);
                open.push(selected == null ? NONE : selected);
                if (selected != null) {
                    out.append(line);
                }
            } else if (property.equals("END")) {
                if ((open.isEmpty() ? NONE : open.pop()) != NONE) {
                    out.append(line);
                }
            } else if (!open.isEmpty() && open.peek() != NONE) {
                Boolean novalue = open.peek().allProps ? Boolean.FALSE : open.peek().props.get(property);
                if (novalue != null) {
                    // §9.6.4 novalue: the name and parameters, up to and with the colon
                    out.append(novalue ? unfolded.substring(0, unfolded.length() - value(unfolded).length()) + "\r\n" : line);
                }
            }
        }
        return out.toString();
    }

    /**
     * The content lines (RFC 5545 §3.1) of the text, each with its folded continuations and its
     * line end (CRLF, or LF as some clients write and the store keeps).
     */
    private static List<String> logicalLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            while (end >= 0 && end + 1 < text.length() && (text.charAt(end + 1) == ' ' || text.charAt(end + 1) == '\t')) {
                end = text.indexOf('\n', end + 1);
            }
            int next = end < 0 ? text.length() : end + 1;
            lines.add(text.substring(start, next));
            start = next;
        }
        return lines;
    }

    /** The name of an unfolded content line, upper-cased: up to its first ';' or ':'. */
    private static String propertyName(String line) {
        int end = 0;
        while (end < line.length() && line.charAt(end) != ';' && line.charAt(end) != ':') {
            end++;
        }
        return line.substring(0, end).toUpperCase(Locale.ROOT);
    }

    /** The value of an unfolded content line: after the first ':' outside a quoted parameter value. */
    private static String value(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ':' && !quoted) {
                return line.substring(i + 1);
            }
        }
        return "";
    }
}
