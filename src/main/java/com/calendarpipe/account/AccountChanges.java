package com.calendarpipe.account;

import java.util.Optional;

/** A change of the account's own settings: the fields present are changed, the others kept. */
public record AccountChanges(Optional<String> displayName, Optional<Boolean> shareFreeBusy) {
}
