package com.calendarpipe.rest;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** A paged list: {@code {"data": [...], "meta": {offset, limit, total, has_more}}}. */
@JsonbPropertyOrder({"data", "meta"})
public record Page<T>(List<T> data, Meta meta) {

    @JsonbPropertyOrder({"offset", "limit", "total", "has_more"})
    public record Meta(int offset, int limit, long total, @JsonbProperty("has_more") boolean hasMore) {
    }

    public static <T> Page<T> of(List<T> items, int offset, int limit, long total) {
        return new Page<>(items, new Meta(offset, limit, total, offset + items.size() < total));
    }
}
