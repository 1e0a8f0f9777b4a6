package com.calendarpipe.scheduling;

import com.calendarpipe.Settings;
import com.calendarpipe.account.Account;
import com.calendarpipe.account.AccountService;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.HostedCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The calendar users of this server (RFC 6638 §2.4.1): an account is one, with its email and
 * every one of its calendars' addresses ({@code cal-{mailId}@} the mail domain) as its
 * calendar-user addresses.
 */
@ApplicationScoped
public class CalendarUsers {

    @Inject
    AccountService accounts;

    @Inject
    CalendarService calendars;

    @Inject
    Settings settings;

    /** A calendar user here: the account, and the calendar when the address is a calendar's. */
    public record Local(String accountId, Optional<HostedCalendar> calendar) {
    }

    /** The addresses as mailto: URIs, the account email first (calendar-user-address-set). */
    public static List<String> addresses(Account account, List<HostedCalendar> calendars, String mailDomain) {
        List<String> addresses = new ArrayList<>();
        addresses.add("mailto:" + account.getEmail());
        calendars.forEach(c -> addresses.add("mailto:" + c.calendarEmail(mailDomain)));
        return addresses;
    }

    /** The account's addresses as compared (bare, lower-case). */
    Set<String> of(String accountId) {
        Set<String> addresses = new LinkedHashSet<>();
        accounts.find(accountId).ifPresent(a -> addresses(a, calendars.list(accountId), settings.mailDomain())
                .forEach(uri -> addresses.add(Itip.address(uri))));
        return addresses;
    }

    /** Whether the account lets other accounts see its busy times. */
    public boolean sharesFreeBusy(String accountId) {
        return accounts.find(accountId).map(Account::isFreeBusyShared).orElse(false);
    }

    /** The calendar user here that this address (a mailto: URI or bare) names, if any. */
    public Optional<Local> local(String uri) {
        String address = Itip.address(uri);
        String suffix = "@" + settings.mailDomain().toLowerCase(Locale.ROOT);
        if (address.startsWith(HostedCalendar.ADDRESS_PREFIX) && address.endsWith(suffix)) {
            return calendars.byMailId(address.substring(HostedCalendar.ADDRESS_PREFIX.length(), address.length() - suffix.length()))
                    .map(c -> new Local(c.getAccountId(), Optional.of(c)));
        }
        return account(address).map(a -> new Local(a.getId(), Optional.empty()));
    }

    /**
     * The account whose email this address is, when it may be trusted with what is sent to it:
     * an email counts only once proved, where it could be (the server sends mail); else whoever
     * signed up first with someone's address would receive their invitations. Until then a
     * message goes out by mail, to the address's real owner.
     */
    private Optional<Account> account(String uri) {
        boolean proofPossible = settings.smtpHost().isPresent();
        return accounts.findByEmail(Itip.address(uri)).filter(a -> a.isEmailVerified() || !proofPossible);
    }
}
