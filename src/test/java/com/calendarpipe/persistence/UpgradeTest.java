package com.calendarpipe.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.account.Account;
import com.calendarpipe.calendar.CalendarObject;
import com.calendarpipe.calendar.HostedCalendar;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Schema V9 on a database the release before it made, under each JPA provider on each database:
 * the rows survive, the new columns read as "not yet" (no address id, no skeleton, email not
 * proved, free-busy not shared), and the queries the start-up's work runs on (persistence/UpgradeIT
 * runs the work itself in the server) find the rows it must visit.
 */
class UpgradeTest {

    static Stream<Arguments> runs() {
        return Arrays.stream(JpaProvider.values())
                .flatMap(provider -> Arrays.stream(TestDatabase.values()).map(database -> Arguments.of(provider, database)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("runs")
    void theRowsOfTheReleaseBeforeV9SurviveAndAwaitTheirStartUpWork(JpaProvider provider, TestDatabase database)
            throws Exception {
        database.unavailableReason().ifPresent(reason -> Assumptions.abort("Skipped: " + reason));
        String name = "cp_up_" + UUID.randomUUID().toString().substring(0, 8) + "_" + provider.name().toLowerCase(Locale.ROOT);
        try (TestDatabase.Throwaway throwaway = database.create(name)) {
            PreviousRelease.migrateToV8(throwaway.dataSource());
            PreviousRelease before = PreviousRelease.write(throwaway.dataSource());
            Flyway.configure(UpgradeTest.class.getClassLoader()).dataSource(throwaway.dataSource())
                    .locations("classpath:db/migration").load().migrate();

            EntityManagerFactory factory = provider.open(new SeUnit(ServerUnit.read(), provider, name, throwaway.dataSource()));
            EntityManager em = factory.createEntityManager();
            try {
                HostedCalendar team = em.find(HostedCalendar.class, before.teamId());
                assertEquals(before.teamToken(), team.getFeedToken(), "the migration itself changes no token");
                assertNull(team.getMailId(), "an address id is the start-up's to give");
                assertEquals("Team", team.getName());
                List<String> waiting = em.createNamedQuery("HostedCalendar.withoutMailId", String.class).getResultList();
                assertTrue(waiting.containsAll(List.of(before.teamId(), before.quietId())), waiting::toString);

                Account alice = em.find(Account.class, before.aliceId());
                assertEquals(before.aliceEmail(), alice.getEmail());
                assertFalse(alice.isEmailVerified(), "no email of the release before is proved");
                assertFalse(alice.isFreeBusyShared(), "free-busy is private unless shared");
                assertTrue(em.createNamedQuery("Account.withoutSkeleton", String.class).getResultList()
                        .containsAll(List.of(before.aliceId(), before.bobId())));
                assertEquals(alice, em.createNamedQuery("Account.byEmail", Account.class)
                        .setParameter("email", Account.normalize(before.aliceEmail())).getSingleResult(),
                        "the email is found in its new normal form, as written by the release before");

                List<CalendarObject> objects = em.createNamedQuery("CalendarObject.all", CalendarObject.class)
                        .setParameter("calendar", before.teamId()).getResultList();
                assertEquals(1, objects.size());
                assertTrue(objects.get(0).getIcalendar().contains("cal-" + before.teamToken() + "@"),
                        "the event still names the old address until the start-up moves it");

                // once given, an address id finds its calendar
                em.getTransaction().begin();
                em.createNativeQuery("UPDATE hosted_calendars SET mail_id = 'abcdef012345abcdef012345' WHERE id = ?1")
                        .setParameter(1, before.quietId()).executeUpdate();
                em.getTransaction().commit();
                em.clear();
                assertEquals(before.quietId(), em.createNamedQuery("HostedCalendar.byMailId", HostedCalendar.class)
                        .setParameter("mailId", "abcdef012345abcdef012345").getSingleResult().getId());
            } finally {
                em.close();
                factory.close();
            }
        }
    }
}
