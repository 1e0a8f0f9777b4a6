package com.calendarpipe.caldav;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** Writes one resource's answer: what was asked and found, and 404 for what was asked and is not. */
    void write(Multistatus body, String href, Map<QName, Multistatus.Value> properties) throws IOException {
        switch (kind) {
            case ALLPROP -> body.response(href, properties, Map.of());
            case PROPNAME -> {
                Map<QName, Multistatus.Value> names = new LinkedHashMap<>();
                properties.keySet().forEach(name -> names.put(name, Multistatus.Value.EMPTY));
                body.response(href, names, Map.of());
            }
            case PROP -> {
                Map<QName, Multistatus.Value> found = new LinkedHashMap<>();
                List<QName> missing = new ArrayList<>();
                for (QName name : names) {
                    Multistatus.Value value = properties.get(name);
                    if (value != null) {
                        found.put(name, value);
                    } else {
                        missing.add(name);
                    }
                }
                body.response(href, found, missing.isEmpty() ? Map.of() : Map.of(404, missing));
            }
        }
    }
}
