package com.calendarpipe.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccountExportTest {

    @Test
    void calendarNamesBecomeFileNamesWithoutPathsOrSurprises() {
        Set<String> taken = new HashSet<>();
        assertEquals("Work", AccountExport.fileName("Work", taken));
        assertEquals("work (2)", AccountExport.fileName("work", taken), "one file per calendar, whatever the case");
        assertEquals("__._etc_passwd", AccountExport.fileName("../../etc/passwd", taken));
        assertEquals("_hidden", AccountExport.fileName(".hidden", taken));
        assertEquals("a_b_c", AccountExport.fileName("a\\b\u0000c", taken));
        assertEquals("Café 日本", AccountExport.fileName("Café 日本", taken));
        assertEquals("calendar", AccountExport.fileName("  ", taken));
        assertEquals(60, AccountExport.fileName("x".repeat(500), taken).length());
    }
}
