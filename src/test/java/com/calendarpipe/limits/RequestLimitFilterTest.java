package com.calendarpipe.limits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.Settings;
import com.calendarpipe.testing.CountingInput;
import com.calendarpipe.testing.RecordedResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The first filter alone, with the servlet objects replaced by recorders: what it answers, what
 * it hands on, and how many bytes of a body it read to decide.
 */
class RequestLimitFilterTest {

    private static final int LIMIT = 1000;

    private final RequestLimitFilter filter = new RequestLimitFilter();
    private final AtomicInteger settingReads = new AtomicInteger();
    private CountingInput input;
    private HttpServletRequest handedOn;
    private final Map<Object, Object> attributes = new HashMap<>();

    @BeforeEach
    void wire() {
        filter.settings = new Settings() {
            @Override
            public int maxRequestBytes() {
                settingReads.incrementAndGet();
                return LIMIT;
            }
        };
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413BeforeAByteIsRead() throws Exception {
        RecordedResponse api = send("POST", "/api/v1/accounts", 20_000_000L, null, new byte[0]);
        assertEquals(413, api.status);
        assertEquals("{\"error\":\"Payload Too Large\",\"message\":\"The request body is larger than 1000 bytes\"}",
                api.body.toString());
        assertEquals("close", api.headers.get("Connection"), "the unread body cannot be followed by another request");
        assertEquals(0, input.bytesRead(), "nothing was read: a client waiting on 100-continue gets no 100");
        RecordedResponse dav = send("PUT", "/dav/calendars/a/b/c.ics", LIMIT + 1L, null, new byte[0]);
        assertEquals(413, dav.status);
        assertEquals("The request body is larger than 1000 bytes\n", dav.body.toString());
        assertEquals(0, input.bytesRead());
        assertNull(handedOn);
    }

    @Test
    void aRequestTheMechanismMarkedOverTheLimitIs413WhateverItDeclares() throws Exception {
        attributes.put(RequestLimitFilter.OVER_LIMIT, Boolean.TRUE);
        RecordedResponse answer = send("PUT", "/dav/calendars/a/b/c.ics", 10L, null, new byte[10]);
        assertEquals(413, answer.status);
        assertEquals("close", answer.headers.get("Connection"));
        assertNull(handedOn);
    }

    @Test
    void aRefusalThatLeavesAChunkedBodyUnreadClosesTheConnection() throws Exception {
        RecordedResponse answer = send("PUT", "/dav/calendars/a/b/%2e%2e", -1L, "chunked", new byte[10]);
        assertEquals(404, answer.status);
        assertEquals("close", answer.headers.get("Connection"));
        assertEquals(0, input.bytesRead());
        assertEquals(null, send("GET", "/api/v1/status;x", -1L, null, new byte[0]).headers.get("Connection"),
                "a request without a body keeps its connection");
    }

    @Test
    void aDeclaredLengthWithinTheLimitIsHandedOnUnread() throws Exception {
        send("POST", "/api/v1/accounts", (long) LIMIT, null, new byte[LIMIT]);
        assertEquals(0, input.bytesRead(), "the container reads no more than Content-Length");
        assertEquals(LIMIT, handedOn.getContentLengthLong());
    }

    @Test
    void aChunkedBodyIsReadToOneBytePastTheLimitAndNoFurther() throws Exception {
        RecordedResponse answer = send("POST", "/api/v1/accounts", -1L, "chunked", new byte[20_000_000]);
        assertEquals(413, answer.status);
        assertEquals(LIMIT + 1, input.bytesRead());
        assertEquals("close", answer.headers.get("Connection"));
        assertNull(handedOn);
    }

    @Test
    void aChunkedBodyWithinTheLimitIsHandedOnFromMemory() throws Exception {
        byte[] body = "{\"name\":\"Team\"}".getBytes();
        send("POST", "/api/v1/hosted-calendars", -1L, "chunked", body);
        assertEquals(body.length, handedOn.getContentLength());
        assertArrayEquals(body, handedOn.getInputStream().readAllBytes());
        assertEquals(body.length, input.bytesRead());
    }

    @Test
    void aRequestWithoutABodyCostsNoSettingRead() throws Exception {
        send("GET", "/api/v1/status", -1L, null, new byte[0]);
        send("DELETE", "/api/v1/events/evt_1", 0L, null, new byte[0]);
        assertEquals(0, settingReads.get());
        assertEquals("/api/v1/events/evt_1", handedOn.getRequestURI());
    }

    @Test
    void aPathNamingNothingIs404InTheChannelsLanguageBeforeAnyHandler() throws Exception {
        RecordedResponse api = send("GET", "/api/v1/status;x=1", -1L, null, new byte[0]);
        assertEquals(404, api.status);
        assertEquals("{\"error\":\"Not Found\",\"message\":\"No such resource\"}", api.body.toString());
        RecordedResponse dav = send("PUT", "/dav/calendars/a/b/..%2F..%2Fx.ics", 10L, null, new byte[10]);
        assertEquals(404, dav.status);
        assertEquals("No such resource\n", dav.body.toString());
        assertEquals(400, send("GET", "/api/v1/events/%zz", -1L, null, new byte[0]).status);
        assertNull(handedOn);
    }

    @Test
    void theReadOnlyPagesAnswer405WithAllowToAnyOtherMethod() throws Exception {
        for (String path : new String[] {"/", "/index.html", "/assets/app.js", "/feed/0123.ics", "/api/docs/"}) {
            RecordedResponse answer = send("FOO", path, -1L, null, new byte[0]);
            assertEquals(405, answer.status, path);
            assertEquals("GET, HEAD, OPTIONS", answer.headers.get("Allow"));
            assertEquals(405, send("POST", path, 2L, null, new byte[2]).status, path);
        }
        assertNull(handedOn);
    }

    @Test
    void theApiAndCalDavAnswerTheirOwnMethodsAndTheRootItsPropfind() throws Exception {
        for (String[] request : new String[][] {{"FOO", "/api/v1/status"}, {"FOO", "/dav/"}, {"MKCALENDAR", "/dav/calendars/a/b/"},
                {"FOO", "/.well-known/caldav"}, {"PROPFIND", "/"}, {"GET", "/"}, {"OPTIONS", "/feed/x"}}) {
            handedOn = null;
            send(request[0], request[1], -1L, null, new byte[0]);
            assertTrue(handedOn != null, String.join(" ", request));
        }
    }

    /** One request through the filter: {@code length} is its Content-Length (-1 for none), {@code body} what it carries. */
    private RecordedResponse send(String method, String uri, long length, String transferEncoding, byte[] body) throws Exception {
        input = new CountingInput(body);
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getRequestURI" -> uri;
                    case "getContextPath" -> "";
                    case "getMethod" -> method;
                    case "getContentLengthLong" -> length;
                    case "getContentLength" -> (int) length;
                    case "getHeader" -> "Transfer-Encoding".equals(args[0]) ? transferEncoding : null;
                    case "getProtocol" -> "HTTP/1.1";
                    case "getInputStream" -> input;
                    case "getAttribute" -> attributes.get(args[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        RecordedResponse answer = new RecordedResponse();
        filter.doFilter(request, answer.proxy(), (req, res) -> handedOn = (HttpServletRequest) req);
        return answer;
    }
}
