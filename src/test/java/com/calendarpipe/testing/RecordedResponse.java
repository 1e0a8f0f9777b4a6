package com.calendarpipe.testing;

import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * What a servlet-level unit (the authentication mechanism, a filter) answered, recorded through a
 * stand-in {@link HttpServletResponse}: status (0 while nothing was answered), headers and the
 * text written. A call the recorder does not expect fails the test.
 */
public final class RecordedResponse {

    public int status;
    public final Map<String, String> headers = new HashMap<>();
    public final StringWriter body = new StringWriter();

    public HttpServletResponse proxy() {
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
