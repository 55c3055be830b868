package org.hanedge.fleet.notify;

/**
 * A row of {@code webhook_delivery}. Times are epoch milliseconds.
 *
 * @param hook          the settings key of the target: a domain or {@code *}
 * @param attempts      attempts made so far
 * @param nextAttemptAt when a PENDING delivery is due
 * @param lastStatus    HTTP status of the last attempt; null when none came back (timeout, refused)
 */
public record WebhookDelivery(long id, String deliveryId, String hook, String event, long alarmId, String body,
        DeliveryState state, int attempts, long createdAt, long nextAttemptAt, Long lastAttemptAt, Integer lastStatus,
        String lastError, Long doneAt) {
}
