package org.hanedge.fleet.alarm;

/** Who decided the alarm: the gateway's edge rules or the server. */
public enum AlarmSource {
    GATEWAY, SERVER
}
