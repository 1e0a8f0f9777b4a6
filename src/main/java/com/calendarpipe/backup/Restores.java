package com.calendarpipe.backup;

import com.calendarpipe.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * What a start must do after a restore, before any request is served (after the migrations,
 * which bring an older backup's schema forward).
 * <p>
 * The restore command ({@code src/backup/restore.sh}) leaves a marker, {@value #MARKER}, in the
 * data folder. Finding it, this start, in one transaction: records a new generation (its
 * tokens are no others': every sync token issued before the restore is refused with
 * valid-sync-token, so every client syncs afresh once, and none keeps what the restore threw
 * away), moves every calendar's ctag forward by {@value #CTAG_JUMP} (past any value the lost
 * history can have shown a client, so that a ctag poll or a feed's ETag sees a change), replays
 * the revocation log ({@link RevocationLog}: keys revoked after the backup was taken are revoked
 * again), and then deletes the marker. Only after a restore: an ordinary start would replay the
 * entries of revokes that failed after they were logged (a cluster that did not confirm), and
 * revoke at a restart a key whose owner was told it was not.
 */
@Singleton
@Startup
@DependsOn("Migrations")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Restores {

    private static final Logger LOG = Logger.getLogger(Restores.class.getName());
    static final String MARKER = "restored-from";
    /** More changes than one calendar can have had between a backup and its restore (a thousand a second for eleven days). */
    static final long CTAG_JUMP = 1_000_000_000L;

    @Resource
    DataSource dataSource;

    @Inject
    Settings settings;

    @PostConstruct
    void start() {
        Path marker = Path.of(settings.dataDir(), MARKER);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (Files.exists(marker)) {
                    restored(connection, Files.readString(marker, StandardCharsets.UTF_8).strip());
                    int replayed = replay(connection, RevocationLog.read(Path.of(settings.revocationLog())));
                    LOG.warning("Replayed the revocation log " + settings.revocationLog() + ": " + replayed
                            + " keys the restored backup held live are revoked again");
                }
                connection.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            Files.deleteIfExists(marker);
            Generation.set(generation(connection));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not apply the restore or replay the revocation log", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the restore marker or the revocation log", e);
        }
    }

    private void restored(Connection connection, String source) throws SQLException {
        long generation = Math.max(System.currentTimeMillis(), generation(connection) + 1);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO restores (generation, restored_at, source) VALUES (?, ?, ?)")) {
            insert.setLong(1, generation);
            insert.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            insert.setString(3, source.isEmpty() ? "(unnamed)" : source.substring(0, Math.min(300, source.length())));
            insert.executeUpdate();
        }
        try (PreparedStatement jump = connection.prepareStatement("UPDATE hosted_calendars SET ctag = ctag + ?")) {
            jump.setLong(1, CTAG_JUMP);
            int calendars = jump.executeUpdate();
            LOG.warning("Started on a restored backup (" + source + "): generation " + generation + "; the ctags of "
                    + calendars + " calendars moved forward, every earlier sync token is refused (clients sync afresh)");
        }
    }

    private static long generation(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT MAX(generation) FROM restores");
             ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Applies each entry to a key that is live in the database: the count of keys it changed. */
    private static int replay(Connection connection, Iterable<RevocationLog.Entry> entries) throws SQLException {
        int changed = 0;
        try (PreparedStatement revoke = connection.prepareStatement("""
                UPDATE api_keys SET revoked_at = ?, revokes_at = NULL
                WHERE id = ? AND revoked_at IS NULL AND (revokes_at IS NULL OR revokes_at > ?)""");
             PreparedStatement schedule = connection.prepareStatement("""
                UPDATE api_keys SET revokes_at = ?
                WHERE id = ? AND revoked_at IS NULL AND (revokes_at IS NULL OR revokes_at > ?)""")) {
            for (RevocationLog.Entry entry : entries) {
                PreparedStatement update = entry.scheduled() ? schedule : revoke;
                OffsetDateTime at = OffsetDateTime.ofInstant(entry.at(), ZoneOffset.UTC);
                update.setObject(1, at);
                update.setString(2, entry.keyId());
                update.setObject(3, at);
                changed += update.executeUpdate();
            }
        }
        return changed;
    }
}
