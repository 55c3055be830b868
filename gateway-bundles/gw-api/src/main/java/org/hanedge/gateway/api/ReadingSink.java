package org.hanedge.gateway.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where drivers put what they read. The implementation keeps the latest value of each channel and hands every batch
 * to each {@link ReadingListener} in the caller's thread, so a device's readings arrive in order and nothing is queued
 * only in memory. A listener that throws is logged and does not stop delivery to the others.
 */
@ProviderType
public interface ReadingSink {
    /** Publishes readings taken together (for example one poll request's channels), in order. */
    void publish(List<Reading> readings);

    default void publish(Reading reading) {
        publish(List.of(reading));
    }
}
