package org.hanedge.gateway.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: register a service of this type to receive every reading, in the order each device produced them, in
 * the batches drivers publish. Edge rules and the outbox consume the stream this way. Called on the driver's thread:
 * return quickly and never block on the network.
 */
@ConsumerType
public interface ReadingListener {
    void onReadings(List<Reading> readings);
}
