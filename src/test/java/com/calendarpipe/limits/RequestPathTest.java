package com.calendarpipe.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.calendarpipe.limits.RequestPath.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "/", "", "/api/v1/status", "/api/v1/calendars/hosted%3A4f1c/events",
            "/dav/calendars/acc-1/work/", "/dav/calendars/acc-1/work/a%20b%40c.ics",
            "/dav/calendars/acc-1/work/caf%C3%A9.ics",          // UTF-8, percent-encoded
            "/dav/calendars/acc-1/work/100%25.ics",             // an encoded percent sign
            "/dav/calendars/acc-1/work/..ics", "/dav/calendars/acc-1/work/a..b.ics", "/.well-known/caldav",
            "/dav//", "/assets/app.js", "/feed/0123456789abcdef0123456789abcdef01234567.ics"})
    void namesAResourceMayHaveArePlain(String path) {
        assertEquals(Verdict.PLAIN, RequestPath.of(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/v1/%2e%2e/status", "/api/v1/%2E%2E/status", "/api/v1/./status", "/api/v1/../api/v1/status",
            "/dav/calendars/acc-1/work/..", "/dav/calendars/acc-1/work/%2e", "/dav/calendars/acc-1/work/.%2E",
            "/dav/calendars/acc-1/work/a%2Fb.ics", "/dav/calendars/acc-1/work/a%2fb.ics",
            "/dav/calendars/acc-1/work/..%2F..%2Fx.ics", "/dav/calendars/acc-1/work/a%5Cb.ics",
            "/dav/calendars/acc-1/work/a\\b.ics",
            "/dav/calendars/acc-1/work/%00.ics", "/api/v1/events/a%0Ab", "/api/v1/events/a%0d%0aSet-Cookie:x",
            "/api/v1/events/%7F", "/api/v1/events/%C2%85",      // DEL, and NEL: a C1 control
            "/api/v1/status;x=1", "/api/v1;v=2/status", "/dav/calendars/acc-1/work/a.ics;jsessionid=1",
            "/dav/;/"})
    void dotSegmentsSeparatorsControlsAndPathParametersNameNothing(String path) {
        assertEquals(Verdict.NO_SUCH_RESOURCE, RequestPath.of(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/events/%zz", "/api/v1/events/%", "/api/v1/events/a%4", "/api/v1/events/%C3%28",
            "/dav/calendars/acc-1/work/%FF.ics", "/dav/calendars/acc-1/work/%C0%AE%C0%AE", "/api/v1/événements"})
    void brokenEscapesAndBytesThatAreNotUtf8AreNoPathAtAll(String path) {
        assertEquals(Verdict.MALFORMED, RequestPath.of(path));
    }
}
