package org.hanedge.gateway.api.profile;

/** How urgent an alarm is, most urgent first. */
public enum Severity {
    CRITICAL, MAJOR, MINOR, WARNING
}
