package com.calendarpipe.calendar;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * At start-up, before any request is served: every calendar made before its address had an id of
 * its own (schema V9) gets one ({@link CalendarService#giveAddress}), each in a transaction of its
 * own, so that one calendar that cannot be moved does not hold back the others. Costs one indexed
 * query on every later start, when there is nothing left to do.
 */
@Singleton
@Startup
@DependsOn("Migrations")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AddressMigration {

    private static final Logger LOG = Logger.getLogger(AddressMigration.class.getName());

    @Inject
    CalendarService calendars;

    @PostConstruct
    void giveAddresses() {
        List<String> pending = calendars.withoutAddress();
        if (pending.isEmpty()) {
            return;
        }
        LOG.info("Giving " + pending.size() + " calendars an address of their own (their feed tokens leave their addresses)");
        for (String id : pending) {
            try {
                calendars.giveAddress(id);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Calendar " + id + ": its events could not be moved to its new address; "
                        + "it gets the address and a new feed token alone", e);
                try {
                    calendars.giveAddressAlone(id);
                } catch (RuntimeException again) {
                    LOG.log(Level.SEVERE, "Calendar " + id + " has no address of its own yet; tried again at the next start", again);
                }
            }
        }
    }
}
