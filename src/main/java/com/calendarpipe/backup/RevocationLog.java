package com.calendarpipe.backup;

import com.calendarpipe.Settings;
import com.calendarpipe.apikey.KeyEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Every key revocation, appended to a file apart from the database (CALENDARPIPE_REVOCATION_LOG,
 * {@code revocations.log} in the data folder) and forced to the disk before the revoke returns:
 * a backup is older than the revocations made after it, and a key its owner revoked must not
 * come back to life with the restore. {@link Restores} replays the file at the start after a restore.
 * <p>
 * One line per revocation: {@code revoke <key id> <instant>} (revoked then), or
 * {@code revokes <key id> <instant>} (a rotation's scheduled end). It names keys by their ids,
 * never by the key or its hash. Written inside the revoke's transaction: a revoke that then fails
 * is replayed all the same, which revokes what its owner asked to revoke. A log that cannot be
 * written never blocks a revoke (taking access away must always work); it is logged as SEVERE.
 */
@ApplicationScoped
public class RevocationLog {

    private static final Logger LOG = Logger.getLogger(RevocationLog.class.getName());
    private static final Pattern LINE = Pattern.compile("(revoke|revokes) ([A-Za-z0-9_-]{1,64}) (\\S+)");

    /** A line of the log: the key, and when it is (or was) revoked; {@code scheduled} for a rotation's end. */
    public record Entry(String keyId, Instant at, boolean scheduled) {
    }

    @Inject
    Settings settings;

    void revoked(@Observes KeyEvent event) {
        if (event.kind() == KeyEvent.Kind.REVOKED) {
            append("revoke " + event.keyId() + " " + Instant.now().truncatedTo(ChronoUnit.MICROS));
        } else if (event.kind() == KeyEvent.Kind.CREATED && event.details().containsKey("rotatedFromKeyId")
                && event.details().containsKey("oldKeyRevokesAt")) {
            append("revokes " + event.details().get("rotatedFromKeyId") + " " + event.details().get("oldKeyRevokesAt"));
        }
    }

    private synchronized void append(String line) {
        Path file = Path.of(settings.revocationLog());
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            // appended at the end by hand: a channel cannot both append and read (the last byte, below)
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                // a line a crash cut short ends here, so that it spoils no other
                ByteBuffer last = ByteBuffer.allocate(1);
                boolean cut = channel.size() > 0 && channel.read(last, channel.size() - 1) == 1 && last.get(0) != '\n';
                ByteBuffer bytes = ByteBuffer.wrap(((cut ? "\n" : "") + line + "\n").getBytes(StandardCharsets.US_ASCII));
                long at = channel.size();
                while (bytes.hasRemaining()) {
                    at += channel.write(bytes, at);
                }
                channel.force(true);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "Could not append to the revocation log " + file + " (the revoke itself is done;"
                    + " a restore of an older backup would not replay it): " + line, e);
        }
    }

    /** The entries of {@code file}, oldest first; none when it does not exist. Lines it cannot read are skipped and logged. */
    static List<Entry> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : lines) {
            var match = LINE.matcher(line.strip());
            try {
                if (!match.matches()) {
                    throw new DateTimeParseException("not a revocation line", line, 0);
                }
                entries.add(new Entry(match.group(2), Instant.parse(match.group(3)), match.group(1).equals("revokes")));
            } catch (DateTimeParseException e) {
                // a line cut by a crash mid-write is the only expected case: the revoke it began was not acknowledged
                if (!line.isBlank()) {
                    LOG.warning("Skipped a line of the revocation log " + file + " that is not a revocation: "
                            + line.substring(0, Math.min(80, line.length())));
                }
            }
        }
        return entries;
    }
}
