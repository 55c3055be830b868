package org.hanedge.gateway.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: register a service of this type to receive every reading, in the order each device produced them.
 * Edge rules, the outbox and the uplink consume the stream this way.
 */
@ConsumerType
public interface ReadingListener {
    void onReading(Reading reading);
}
