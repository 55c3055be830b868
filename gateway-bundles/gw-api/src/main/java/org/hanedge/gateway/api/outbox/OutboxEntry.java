package org.hanedge.gateway.api.outbox;

/**
 * One stored entry.
 *
 * @param seq      gateway-wide sequence number
 * @param priority drain priority
 * @param payload  the content
 */
public record OutboxEntry(long seq, Priority priority, Payload payload) {
}
