package com.calendarpipe.calendarapi;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a hosted calendar holds, as the API names it in {@code components}: iCalendar's component names. */
@Schema(description = "Events (`VEVENT`), to-dos (`VTODO`) or journals (`VJOURNAL`)")
public enum CalendarComponent {
    VEVENT, VTODO, VJOURNAL
}
