package org.hanedge.gateway.api.uplink;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: a service of this type with the service property {@link #TOPIC} receives the messages the server sends
 * on that topic under the gateway's root. The uplink subscribes to it (QoS 1, retained messages delivered) in every
 * session, before the birth message, and at once when the service appears during a session. Both methods are called
 * on the uplink's threads: return at once (hand the work to a thread of your own) and never throw.
 */
@ConsumerType
public interface DownlinkListener {
    /** Service property: the topic below the gateway's root, for example {@code config/desired} (no wildcards). */
    String TOPIC = "hanedge.downlink.topic";

    /**
     * A message arrived (at least once: a retained message comes again in every session).
     *
     * @param path     the topic below the root
     * @param payload  the payload as received
     * @param retained whether the broker delivered it as a retained message
     */
    void messageArrived(String path, byte[] payload, boolean retained);

    /** A session is up: subscriptions in place, birth published. Publish here what must reach the server again. */
    void connected(Uplink uplink);
}
