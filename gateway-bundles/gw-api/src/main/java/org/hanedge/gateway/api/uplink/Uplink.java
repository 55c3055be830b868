package org.hanedge.gateway.api.uplink;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The gateway's uplink to the fleet server, registered while one is configured (a changed uplink configuration
 * registers a new service). Thread-safe.
 */
@ProviderType
public interface Uplink {
    /** The gateway id: the topic root is {@code hanedge/v1/{gatewayId}/}. */
    String gatewayId();

    /** Whether a session is up (connected, subscribed, birth published). */
    boolean connected();

    /**
     * Publishes a live JSON document (QoS 1, content type {@code application/json}; never stored in the outbox) on a
     * topic under the gateway's root.
     *
     * @param path     the topic below the root, for example {@code config/reported}
     * @param json     UTF-8 JSON
     * @param retained whether the broker keeps it for later subscribers
     * @return completes when the broker acknowledged it; completes exceptionally when there is no session, the session
     *         ended first, or the broker refused it (the caller publishes again after the next
     *         {@link DownlinkListener#connected})
     */
    CompletionStage<Void> publish(String path, byte[] json, boolean retained);
}
