package org.hanedge.gateway.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: register a service of this type to receive every reading, in the order each device produced them.
 * Edge rules, the outbox and the uplink consume the stream this way. Called on the driver's thread: return quickly
 * and never block on the network.
 */
@ConsumerType
public interface ReadingListener {
    void onReading(Reading reading);
}
