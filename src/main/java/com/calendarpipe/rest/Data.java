package com.calendarpipe.rest;

/** The success envelope: {@code {"data": …}}. */
public record Data<T>(T data) {

    public static <T> Data<T> of(T data) {
        return new Data<>(data);
    }
}
