package com.calendarpipe.feed;

import com.calendarpipe.account.Account;
import com.calendarpipe.account.AccountService;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.EntityTags;
import com.calendarpipe.calendar.HostedCalendar;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /feed/{feedToken}} and {@code /feed/{feedToken}.ics}: the whole calendar as one
 * iCalendar document. The token is the only credential, so the feed shows what a stranger may
 * see ({@link FeedDocument#forStrangers}: private and confidential events as busy time alone). An
 * unknown or regenerated token, or a calendar of an account no longer on Pro, is 404. The
 * document is built only from stored data (no "now" in it), so the ctag-based ETag is strong:
 * same tag, same bytes.
 */
@WebServlet("/feed/*")
public class FeedServlet extends HttpServlet {

    private static final Pattern TOKEN = Pattern.compile("/([0-9a-f]{40})(\\.ics)?");

    @Inject
    CalendarService calendars;

    @Inject
    AccountService accounts;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var match = TOKEN.matcher(Optional.ofNullable(request.getPathInfo()).orElse(""));
        Optional<HostedCalendar> calendar = match.matches() ? calendars.byFeedToken(match.group(1)) : Optional.empty();
        if (calendar.isEmpty() || !accounts.find(calendar.get().getAccountId()).map(Account::isPro).orElse(false)) {
            response.setContentType("text/plain;charset=utf-8");
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.getWriter().write("No such feed\n");
            return;
        }
        HostedCalendar feed = calendar.get();
        String etag = "\"" + feed.getId().substring(0, 8) + "-" + feed.getCtag() + "\"";
        response.setHeader("ETag", etag);
        response.setHeader("Cache-Control", "max-age=3600");
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null && EntityTags.anyMatches(ifNoneMatch, etag, true)) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        byte[] body = FeedDocument.forStrangers(calendars, feed).getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/calendar;charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
