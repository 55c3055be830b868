package org.hanedge.fleet.health;

/**
 * A condition a rule found holding now: the alarm that should be open for it.
 *
 * @param value in the unit the rule documents (seconds, entries)
 * @param limit in the same unit
 */
record Condition(String gatewayId, String key, String device, String channel, String severity, String message,
        Double value, Double limit) {
}
