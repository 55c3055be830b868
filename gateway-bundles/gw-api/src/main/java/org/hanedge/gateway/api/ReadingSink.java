package org.hanedge.gateway.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where drivers put what they read. The implementation fans readings out to every {@link ReadingListener} and keeps
 * the latest value of each channel. {@link #publish} never blocks on a slow listener and never throws because of one.
 */
@ProviderType
public interface ReadingSink {
    void publish(Reading reading);
}
