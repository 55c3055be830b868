package org.hanedge.gateway.api;

/** Where a device's connection stands. */
public enum DeviceState {
    /** Configured, first poll not yet answered. */
    STARTING,
    /** Answering polls. */
    ONLINE,
    /** Stopped answering; polled at a reduced rate until it returns. */
    OFFLINE,
    /** Configuration or profile problem; not polled until the configuration changes. */
    FAILED
}
