package com.calendarpipe.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.apikey.KeyCache;
import com.calendarpipe.apikey.KeyFormat;
import com.calendarpipe.apikey.KeyIdentity;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mechanism alone, with the servlet objects and the key store replaced by recorders. */
class CalendarPipeAuthMechanismTest {

    private final AtomicInteger lookups = new AtomicInteger();
    private CalendarPipeAuthMechanism mechanism;

    @BeforeEach
    void wire() {
        mechanism = new CalendarPipeAuthMechanism();
        mechanism.keys = new KeyCache() {
            @Override
            public Optional<KeyIdentity> identify(String wellFormedKey) {
                lookups.incrementAndGet();
                return Optional.empty();
            }
        };
    }

    @Test
    void malformedAndBadChecksumKeysNeverReachTheKeyStore() throws Exception {
        String key = KeyFormat.generate();
        String badChecksum = key.substring(0, 66) + (key.charAt(66) == 'a' ? 'b' : 'a');
        for (String header : new String[] {"Bearer " + badChecksum, "Bearer " + key.substring(1), "Bearer cp_x",
                "Bearer " + key.toUpperCase(), "Basic " + java.util.Base64.getEncoder().encodeToString(
                        ("a@b.c:" + badChecksum).getBytes())}) {
            for (String path : new String[] {"/api/v1/account", "/dav/"}) {
                Response response = new Response();
                AuthenticationStatus status = mechanism.validateRequest(request(path, header), response.proxy(),
                        context());
                assertEquals(AuthenticationStatus.SEND_FAILURE, status);
                assertEquals(401, response.status, path + " " + header);
            }
        }
        assertEquals(0, lookups.get(), "no malformed key was looked up");

        Response response = new Response();
        mechanism.validateRequest(request("/api/v1/account", "Bearer " + key), response.proxy(), context());
        assertEquals(1, lookups.get(), "a well-formed key is looked up once");
        assertEquals(401, response.status);
        assertTrue(response.body.toString().contains("Missing, invalid, or revoked API key"));
    }

    @Test
    void openPathsAreLeftAloneWhateverTheyCarry() throws Exception {
        Response response = new Response();
        AuthenticationStatus status = mechanism.validateRequest(request("/api/v1/status", "Bearer junk"),
                response.proxy(), context());
        assertEquals(AuthenticationStatus.NOT_DONE, status);
        assertEquals(0, response.status);
    }

    private static HttpServletRequest request(String path, String authorization) {
        String servletPath = path.startsWith("/api/v1") ? "/api/v1" : "/dav";
        String pathInfo = path.substring(servletPath.length());
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getServletPath" -> servletPath;
                    case "getPathInfo" -> pathInfo;
                    case "getMethod" -> "GET";
                    case "getHeader" -> "Authorization".equals(args[0]) ? authorization : null;
                    case "getSession" -> null;
                    case "getContentLengthLong" -> -1L;   // a GET: no body
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static HttpMessageContext context() {
        return (HttpMessageContext) Proxy.newProxyInstance(HttpMessageContext.class.getClassLoader(),
                new Class<?>[] {HttpMessageContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "doNothing" -> AuthenticationStatus.NOT_DONE;
                    case "notifyContainerAboutLogin" -> AuthenticationStatus.SUCCESS;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Records what the mechanism answers. */
    private static final class Response {
        int status;
        final Map<String, String> headers = new HashMap<>();
        final StringWriter body = new StringWriter();

        HttpServletResponse proxy() {
            PrintWriter writer = new PrintWriter(body);
            return (HttpServletResponse) Proxy.newProxyInstance(HttpServletResponse.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "getWriter" -> {
                                return writer;
                            }
                            case "setContentType", "setCharacterEncoding" -> { }
                            default -> throw new UnsupportedOperationException(method.getName());
                        }
                        return null;
                    });
        }
    }
}
