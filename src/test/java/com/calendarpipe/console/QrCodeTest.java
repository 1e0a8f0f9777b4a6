package com.calendarpipe.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.RealClients;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.Decoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The console's own QR encoder (assets/qr.js), run by Node.js, read back by ZXing's decoder from
 * the modules themselves: every version it draws (1 to 10, so one and several error correction
 * blocks, and the version bits from 7), and two-factor setup links with random seeds, for which
 * the penalty picks several of the eight mask patterns. The browser test scans one code from a screenshot; this one
 * covers the encoder's branches.
 */
class QrCodeTest {

    private static final Path ENCODER = Path.of("src/main/webapp/assets/qr.js").toAbsolutePath();

    @Test
    void everyDrawnCodeDecodesToItsTextWhateverItsVersionAndMask() throws Exception {
        RealClients.require("node", RealClients.onPath("node"), "apt-get install nodejs");
        Random random = new Random(6238);
        List<String> texts = new ArrayList<>();
        // byte capacities at level M of versions 1..10, each filled exactly, so each version is drawn
        for (int capacity : new int[] {14, 26, 42, 62, 84, 106, 122, 152, 180, 213}) {
            texts.add(randomText(random, capacity));
        }
        for (int i = 0; i < 60; i++) {
            texts.add("otpauth://totp/CalendarPipe:user-" + Integer.toHexString(random.nextInt())
                    + "%40calendarpipe.test?secret=" + randomText(random, 32).toUpperCase()
                    .replaceAll("[^A-Z2-7]", "A") + "&issuer=CalendarPipe&algorithm=SHA1&digits=6&period=30");
        }
        texts.add("é ü ✓ (UTF-8)");
        List<String> drawn = draw(texts);
        Set<Integer> sizes = new HashSet<>();
        Set<Integer> masks = new HashSet<>();
        for (int i = 0; i < texts.size(); i++) {
            String[] rows = drawn.get(i).split(",");
            BitMatrix modules = new BitMatrix(rows.length);
            for (int y = 0; y < rows.length; y++) {
                for (int x = 0; x < rows.length; x++) {
                    if (rows[y].charAt(x) == '1') {
                        modules.set(x, y);
                    }
                }
            }
            sizes.add(rows.length);
            masks.add(maskOf(modules));
            assertEquals(texts.get(i), new Decoder().decode(modules).getText(), "code " + i);
        }
        assertEquals(10, sizes.size(), "versions 1 to 10 drawn: " + sizes);
        // the fixed data around the seeds favours some patterns (ZXing's encoder picks mask 2 for most too)
        assertTrue(masks.size() >= 4, "the mask is chosen per code, not fixed: " + masks);
        assertEquals("null", draw(List.of(randomText(random, 214))).get(0), "one byte past version 10: no code");
    }

    /** Each text's modules as rows of 0 and 1 joined by commas, or "null", one line per text. */
    private static List<String> draw(List<String> texts) throws IOException, InterruptedException {
        Path input = Files.createTempFile("qr-texts", ".json");
        try {
            Files.writeString(input, "[" + String.join(",", texts.stream().map(QrCodeTest::json).toList()) + "]");
            String script = "import {qrModules} from " + json(ENCODER.toUri().toString()) + ";"
                    + "import {readFileSync} from 'node:fs';"
                    + "for (const text of JSON.parse(readFileSync(process.argv[1], 'utf8'))) {"
                    + "  const m = qrModules(text);"
                    + "  console.log(m ? m.map(r => r.map(d => d ? '1' : '0').join('')).join(',') : 'null');"
                    + "}";
            Process node = new ProcessBuilder("node", "--input-type=module", "-e", script, input.toString())
                    .redirectErrorStream(true).start();
            String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, node.waitFor(), output);
            List<String> lines = output.lines().toList();
            assertEquals(texts.size(), lines.size(), output);
            return lines;
        } finally {
            Files.delete(input);
        }
    }

    /** The mask pattern a code's first copy of its format information names (ISO/IEC 18004 §7.9). */
    private static int maskOf(BitMatrix modules) {
        int bits = 0;
        for (int i = 0; i <= 5; i++) {
            bits |= (modules.get(8, i) ? 1 : 0) << i;
        }
        bits |= (modules.get(8, 7) ? 1 : 0) << 6;
        bits |= (modules.get(8, 8) ? 1 : 0) << 7;
        bits |= (modules.get(7, 8) ? 1 : 0) << 8;
        for (int i = 9; i < 15; i++) {
            bits |= (modules.get(14 - i, 8) ? 1 : 0) << i;
        }
        int mask = ((bits ^ 0x5412) >>> 10) & 7;
        assertTrue(((bits ^ 0x5412) >>> 13) == 0, "level M");
        return mask;
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) ('!' + random.nextInt('~' - '!')));
        }
        return text.toString();
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
