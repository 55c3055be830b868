package org.hanedge.gateway.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where drivers put what they read. The implementation keeps the latest value of each channel and hands every reading
 * to each {@link ReadingListener} in the caller's thread, so a device's readings arrive in order and nothing is queued
 * only in memory. A listener that throws is logged and does not stop delivery to the others.
 */
@ProviderType
public interface ReadingSink {
    void publish(Reading reading);
}
