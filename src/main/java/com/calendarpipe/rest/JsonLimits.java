package com.calendarpipe.rest;

import com.calendarpipe.Refused;
import com.calendarpipe.Utf8;
import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;

/**
 * Every JSON request body is checked here before a JSON-P or JSON-B reader sees it: UTF-8
 * (RFC 8259 §8.1), at most {@link #MAX_DEPTH} levels of arrays and objects, strings (names
 * too) of at most {@link #MAX_STRING} characters and numbers of at most {@link #MAX_NUMBER}.
 * Anything else is a 400 in the envelope naming the limit.
 * <p>
 * Why here, as a streaming pass of its own: the readers have limits too, but they fail with bare
 * runtime exceptions (Parsson's nesting limit of 1000, its 1100-digit cap on numbers) that only
 * the catch-all could map, to a 500, and a later JSON-P or JSON-B version may move or drop them.
 * The pass is one walk over a body the request limit already capped (limits/RequestLimitFilter),
 * on the few writes the API has; a body that breaks JSON syntax fails here as the readers would
 * fail, and gets the same answer ({@link ErrorMappers.MalformedJson}).
 */
@Provider
public class JsonLimits implements ReaderInterceptor {

    /** The API's deepest body is three levels (an event's attendees); 32 leaves room and keeps every reader's recursion shallow. */
    static final int MAX_DEPTH = 32;
    /** Eight times the longest text field (an event's description, 8000): longer fields still get their own detail. */
    static final int MAX_STRING = 64 * 1024;
    /** A long or a double needs at most 25 characters; Parsson's BigDecimal cap (1100) is never reached. */
    static final int MAX_NUMBER = 64;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type == null || !(MediaType.APPLICATION_JSON_TYPE.isCompatible(type) || type.getSubtype().endsWith("+json"))) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        check(body);
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    /**
     * Refuses a body that is not UTF-8 or breaks a limit; an empty body passes (each endpoint says
     * what it wants instead). Syntax errors fail as {@link jakarta.json.stream.JsonParsingException}.
     */
    public static void check(byte[] body) {
        if (body.length == 0) {
            return;
        }
        String text;
        try {
            text = Utf8.decode(body);
        } catch (CharacterCodingException notUtf8) {
            throw Refused.invalid("The request body is not UTF-8", null);
        }
        int depth = 0;
        try (JsonParser parser = Json.createParser(new StringReader(text))) {
            while (parser.hasNext()) {
                switch (parser.next()) {
                    case START_ARRAY, START_OBJECT -> {
                        if (++depth > MAX_DEPTH) {
                            throw Refused.invalid("The request body nests arrays and objects deeper than "
                                    + MAX_DEPTH + " levels", null);
                        }
                    }
                    case END_ARRAY, END_OBJECT -> depth--;
                    case KEY_NAME, VALUE_STRING -> {
                        if (parser.getString().length() > MAX_STRING) {
                            throw Refused.invalid("The request body has a string longer than "
                                    + MAX_STRING + " characters", null);
                        }
                    }
                    case VALUE_NUMBER -> {
                        // the number's text as sent: nothing converts it to a BigDecimal here
                        if (parser.getString().length() > MAX_NUMBER) {
                            throw Refused.invalid("The request body has a number longer than "
                                    + MAX_NUMBER + " characters", null);
                        }
                    }
                    default -> { }
                }
            }
        }
    }
}
