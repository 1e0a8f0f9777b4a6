package com.calendarpipe.caldav;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * Which properties a PROPFIND or REPORT asks for (RFC 4918 §14.20): named ones ({@code prop}),
 * every one ({@code allprop}, also for an empty PROPFIND body), or only their names ({@code propname}).
 */
record PropRequest(Kind kind, List<QName> names) {

    enum Kind { PROP, ALLPROP, PROPNAME }

    static final PropRequest ALL = new PropRequest(Kind.ALLPROP, List.of());

    /** Reads the request element's prop, allprop or propname child; {@code fallback} when there is none. */
    static PropRequest of(Element request, PropRequest fallback) {
        if (DavXml.child(request, Dav.dav("allprop")).isPresent()) {
            return ALL;
        }
        if (DavXml.child(request, Dav.dav("propname")).isPresent()) {
            return new PropRequest(Kind.PROPNAME, List.of());
        }
        Optional<Element> prop = DavXml.child(request, Dav.dav("prop"));
        return prop.map(p -> new PropRequest(Kind.PROP, DavXml.children(p).stream().map(DavXml::name).toList()))
                .orElse(fallback);
    }

    boolean wants(QName name) {
        return kind == Kind.PROP && names.contains(name);
    }

    /**
     * Which of the {@code available} properties an answer shows (200), and which it names as
     * missing (404). Made once for a listing, whose members all have the same properties.
     */
    record Selection(List<QName> found, Map<Integer, List<QName>> missing, boolean namesOnly) {
    }

    Selection select(Collection<QName> available) {
        return switch (kind) {
            case ALLPROP -> new Selection(List.copyOf(available), Map.of(), false);
            case PROPNAME -> new Selection(List.copyOf(available), Map.of(), true);
            case PROP -> {
                Set<QName> found = new LinkedHashSet<>();
                Set<QName> missing = new LinkedHashSet<>();
                for (QName name : names) {
                    (available.contains(name) ? found : missing).add(name);
                }
                yield new Selection(List.copyOf(found), missing.isEmpty() ? Map.of() : Map.of(404, List.copyOf(missing)),
                        false);
            }
        };
    }

    /** Writes one resource's answer: what was asked and found, and 404 for what was asked and is not. */
    void write(Multistatus body, String href, Map<QName, Multistatus.Value> properties) throws IOException {
        write(body, href, select(properties.keySet()), (name, xml) -> properties.get(name).write(xml));
    }

    /** Writes one resource's answer as {@code selection} says, with its properties' {@code values}. */
    static void write(Multistatus body, String href, Selection selection, Multistatus.Values values) throws IOException {
        body.response(href, selection.found(), selection.namesOnly() ? (name, xml) -> { } : values, selection.missing());
    }
}
