package org.hanedge.fleet.credential;

/** Who an MQTT client is, which decides its topic permissions. */
public enum MqttRole {
    /** a gateway: publishes and subscribes only under its own topic root */
    GATEWAY,
    /** a read-only consumer (e.g. the city backend): subscribes to telemetry, alarms, state and events */
    BACKEND,
    /**
     * demo mode only: a read-only observer of every gateway's uplink, stats included (the demo's wire check); issued
     * and accepted only while {@code hanedge.fleet.demo} is on
     */
    MONITOR,
    /** the fleet server itself: everything */
    SERVER
}
