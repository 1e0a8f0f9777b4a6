package com.calendarpipe;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's settings. Each is read from a system property ({@code calendarpipe.…}),
 * else from the environment ({@code CALENDARPIPE_…}), at the moment it is needed, so that
 * an operator can change one at runtime through the management model
 * ({@code /system-property=calendarpipe.signup:add(value=closed)}) without a restart.
 * None of them is read on the authentication hot path.
 */
@ApplicationScoped
public class Settings {

    /** Plan given to new accounts: {@code PRO} (default) or {@code FREE}. */
    public String defaultPlan() {
        return read("default-plan", "CALENDARPIPE_DEFAULT_PLAN").orElse("PRO");
    }

    /** Lower-cased emails of the accounts that may change plans. */
    public Set<String> admins() {
        return read("admins", "CALENDARPIPE_ADMINS")
                .map(list -> Arrays.stream(list.split(","))
                        .map(s -> s.trim().toLowerCase(Locale.ROOT))
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
    }

    /** Sign-up is open unless {@code CALENDARPIPE_SIGNUP=closed}. */
    public boolean signupOpen() {
        return !read("signup", "CALENDARPIPE_SIGNUP").orElse("open").trim().equalsIgnoreCase("closed");
    }

    /** The domain of the calendars' email addresses ({@code cal-{feedToken}@…}). */
    public String mailDomain() {
        return read("mail-domain", "CALENDARPIPE_MAIL_DOMAIN").orElse("calendarpipe.localhost").trim();
    }

    private static Optional<String> read(String property, String variable) {
        String value = System.getProperty("calendarpipe." + property);
        if (value == null) {
            value = System.getenv(variable);
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
