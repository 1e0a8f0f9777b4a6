package com.calendarpipe.caldav;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** RFC 6764 §5: {@code /.well-known/caldav} points clients at the DAV root, for every method. */
@WebServlet("/.well-known/caldav")
public class WellKnownCalDavServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
        response.setHeader("Location", DavPath.ROOT);
        response.setContentLength(0);
    }
}
