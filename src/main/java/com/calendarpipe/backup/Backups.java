package com.calendarpipe.backup;

import com.calendarpipe.Refused;
import com.calendarpipe.Settings;
import jakarta.annotation.Resource;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Backups of the embedded H2 database while the server serves: H2's {@code BACKUP TO} copies
 * the database file into a zip without stopping a writer, and what it copies is one committed
 * state (H2's MVStore never overwrites a chunk that a committed state still needs, and the backup
 * copies the chunks of the state it began at). Copying the file by hand instead can catch it in
 * the middle of a write.
 * <p>
 * A backup is written under a temporary name ({@code .calendarpipe-….zip.part}), forced to the
 * disk, its SHA-256 written beside it ({@code calendarpipe-….zip.sha256}, in {@code sha256sum}'s
 * format), and only then renamed: a {@code calendarpipe-*.zip} is always complete and always has
 * its checksum. Then all but the newest CALENDARPIPE_BACKUP_KEEP are deleted. One backup at a time
 * (the singleton's write lock). On PostgreSQL there is nothing to do here: the README's recipe
 * (pg_dump, or a base backup and WAL archiving) is the database's own, and better.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Backups {

    private static final Logger LOG = Logger.getLogger(Backups.class.getName());
    static final Pattern NAME = Pattern.compile("calendarpipe-\\d{8}T\\d{9}Z\\.zip");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    /** A backup made: its file, size, checksum, and how long it took. */
    public record Backup(Path file, long bytes, String sha256, Duration took) {
    }

    @Resource
    DataSource dataSource;

    @Inject
    Settings settings;

    /** Whether the scheduled run found H2 missing, so that it says so once, not every minute. */
    private boolean saidNotH2;

    /** A backup now, into CALENDARPIPE_BACKUP_DIR; 409 when none is set or the database is not the embedded H2. */
    @Lock(LockType.WRITE)
    public Backup take() {
        Path folder = Path.of(settings.backupDir().orElseThrow(() -> Refused.conflict(
                "No backup folder: set CALENDARPIPE_BACKUP_DIR (see README, Backups)")));
        long began = System.nanoTime();
        Instant now = Instant.now();
        String name = "calendarpipe-" + STAMP.format(now) + ".zip";
        Path part = folder.resolve("." + name + ".part");
        Path file = folder.resolve(name);
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getMetaData().getURL().startsWith("jdbc:h2:")) {
                throw Refused.conflict("The database is not the embedded H2: back up PostgreSQL with its own tools"
                        + " (see README, Backups)");
            }
            Files.createDirectories(folder);
            Files.deleteIfExists(part);
            try (Statement backup = connection.createStatement()) {
                // H2 takes no parameter here: the path is quoted as an SQL string literal
                backup.execute("BACKUP TO '" + part.toAbsolutePath().toString().replace("'", "''") + "'");
            }
            force(part);
            String sha256 = sha256(part);
            Path sum = folder.resolve(name + ".sha256");
            Path sumPart = folder.resolve("." + name + ".sha256.part");
            Files.writeString(sumPart, sha256 + "  " + name + "\n", StandardCharsets.US_ASCII);
            force(sumPart);
            Files.move(sumPart, sum, StandardCopyOption.ATOMIC_MOVE);
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
            forceFolder(folder);
            long bytes = Files.size(file);
            prune(folder);
            Backup made = new Backup(file, bytes, sha256, Duration.ofNanos(System.nanoTime() - began));
            LOG.info("Backup " + file + " (" + bytes + " bytes, SHA-256 " + sha256 + ") in " + made.took().toMillis() + " ms");
            return made;
        } catch (SQLException | IOException e) {
            deleteQuietly(part);
            throw new IllegalStateException("The backup into " + folder + " failed", e);
        }
    }

    /**
     * Every 10 seconds (a look at the folder): a backup when a folder is set, the schedule is on,
     * and the newest backup there is older than CALENDARPIPE_BACKUP_EVERY, so a restart neither
     * skips one nor doubles it, and a change of the setting applies at once.
     */
    @Schedule(hour = "*", minute = "*", second = "*/10", persistent = false)
    @Lock(LockType.WRITE)
    void scheduled() {
        Optional<String> folder = settings.backupDir();
        Duration every = settings.backupEvery();
        if (folder.isEmpty() || every.isZero()) {
            return;
        }
        try {
            Optional<Instant> newest = backups(Path.of(folder.get())).stream().findFirst()
                    .map(f -> modified(f));
            if (newest.isPresent() && newest.get().plus(every).isAfter(Instant.now())) {
                return;
            }
            take();
            saidNotH2 = false;
        } catch (Refused e) {
            if (!saidNotH2) {
                LOG.warning("No scheduled backup: " + e.getMessage());
                saidNotH2 = true;
            }
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.SEVERE, "The scheduled backup failed; it is tried again in 10 s", e);
        }
    }

    /** The backups in {@code folder}, newest first (their names sort by time). */
    static List<Path> backups(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> NAME.matcher(f.getFileName().toString()).matches())
                    .sorted((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()))
                    .toList();
        }
    }

    private void prune(Path folder) throws IOException {
        List<Path> all = backups(folder);
        for (Path old : all.subList(Math.min(all.size(), settings.backupKeep()), all.size())) {
            Files.deleteIfExists(old.resolveSibling(old.getFileName() + ".sha256"));
            Files.deleteIfExists(old);
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** The renames reach the disk too (a directory opened for reading can be forced on Linux; elsewhere it is skipped). */
    private static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.fine("The backup folder cannot be forced on this system: " + e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warning("Could not delete the unfinished backup " + file + ": " + e);
        }
    }
}
