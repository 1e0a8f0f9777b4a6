package com.calendarpipe.caldav;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A PROPFIND on the server's root URL is sent to the DAV root, as {@code /.well-known/caldav}
 * is. The README gives {@code http://host/} as the CalDAV server URL, and clients that do no
 * RFC 6764 discovery PROPFIND the URL they are given for {@code current-user-principal}
 * (python caldav 0.11, Debian's python3-caldav, does): without this they get the default
 * servlet's 501. Every other method on the root is left alone.
 */
// every path, and the check below keeps the root alone: the root is also the console's welcome
// file, and Undertow maps "/" to the welcome file before a filter on "/" would see it
@WebFilter("/*")
public class RootPropfindFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if ("PROPFIND".equals(request.getMethod()) && "/".equals(request.getRequestURI())) {
            response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
            response.setHeader("Location", DavPath.ROOT);
            response.setContentLength(0);
            return;
        }
        chain.doFilter(request, response);
    }
}
