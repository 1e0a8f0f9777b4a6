package com.calendarpipe.caldav;

import javax.xml.namespace.QName;

/** The one place for DAV names: namespaces and the properties and elements this server knows. */
final class Dav {

    static final String DAV = "DAV:";
    static final String CALDAV = "urn:ietf:params:xml:ns:caldav";
    static final String CALSERVER = "http://calendarserver.org/ns/";
    static final String APPLE = "http://apple.com/ns/ical/";
    /** This server's own names, for what no RFC names (a request's recurrence budget). */
    static final String CALENDARPIPE = "urn:calendarpipe:dav";

    static final QName RESOURCETYPE = dav("resourcetype");
    static final QName DISPLAYNAME = dav("displayname");
    static final QName GETETAG = dav("getetag");
    static final QName GETCONTENTTYPE = dav("getcontenttype");
    static final QName GETCONTENTLENGTH = dav("getcontentlength");
    static final QName GETLASTMODIFIED = dav("getlastmodified");
    static final QName OWNER = dav("owner");
    static final QName CURRENT_USER_PRINCIPAL = dav("current-user-principal");
    static final QName PRINCIPAL_URL = dav("principal-URL");
    static final QName CURRENT_USER_PRIVILEGE_SET = dav("current-user-privilege-set");
    static final QName SUPPORTED_REPORT_SET = dav("supported-report-set");
    static final QName SYNC_TOKEN = dav("sync-token");
    static final QName CALENDAR_HOME_SET = caldav("calendar-home-set");
    static final QName CALENDAR_USER_ADDRESS_SET = caldav("calendar-user-address-set");
    static final QName CALENDAR_DESCRIPTION = caldav("calendar-description");
    static final QName CALENDAR_TIMEZONE = caldav("calendar-timezone");
    static final QName SUPPORTED_CALENDAR_COMPONENT_SET = caldav("supported-calendar-component-set");
    static final QName SUPPORTED_CALENDAR_DATA = caldav("supported-calendar-data");
    static final QName MAX_RESOURCE_SIZE = caldav("max-resource-size");
    static final QName CALENDAR_DATA = caldav("calendar-data");
    static final QName SCHEDULE_INBOX_URL = caldav("schedule-inbox-URL");
    static final QName SCHEDULE_OUTBOX_URL = caldav("schedule-outbox-URL");
    static final QName SCHEDULE_DEFAULT_CALENDAR_URL = caldav("schedule-default-calendar-URL");
    static final QName CALENDAR_USER_TYPE = caldav("calendar-user-type");
    static final QName SCHEDULE_TAG = caldav("schedule-tag");
    static final QName GETCTAG = new QName(CALSERVER, "getctag");
    static final QName CALENDAR_COLOR = new QName(APPLE, "calendar-color");

    // preconditions (RFC 4918 §16, RFC 4791 §5.3.1, §5.3.2.1, §7.8, RFC 5689 §3.4)
    static final QName CANNOT_MODIFY_PROTECTED_PROPERTY = dav("cannot-modify-protected-property");
    static final QName RESOURCE_MUST_BE_NULL = dav("resource-must-be-null");
    static final QName VALID_RESOURCETYPE = dav("valid-resourcetype");
    static final QName VALID_SYNC_TOKEN = dav("valid-sync-token");
    static final QName SUPPORTED_REPORT = dav("supported-report");
    static final QName CALENDAR_COLLECTION_LOCATION_OK = caldav("calendar-collection-location-ok");
    static final QName VALID_CALENDAR_DATA = caldav("valid-calendar-data");
    static final QName SUPPORTED_CALENDAR_COMPONENT = caldav("supported-calendar-component");
    static final QName VALID_FILTER = caldav("valid-filter");
    static final QName SUPPORTED_FILTER = caldav("supported-filter");

    private Dav() {
    }

    static QName dav(String name) {
        return new QName(DAV, name);
    }

    static QName caldav(String name) {
        return new QName(CALDAV, name);
    }

    static QName calendarpipe(String name) {
        return new QName(CALENDARPIPE, name);
    }
}
