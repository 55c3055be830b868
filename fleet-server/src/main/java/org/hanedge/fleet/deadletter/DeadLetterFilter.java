package org.hanedge.fleet.deadletter;

import java.time.Instant;

/**
 * Which dead letters: every field is optional (null = any).
 *
 * @param reason   exact reason, e.g. {@code UNKNOWN_DEVICE}
 * @param from     received at or after
 * @param to       received before
 * @param resolved true: the last replay stored it (or found it stored); false: never replayed, or still refused
 */
public record DeadLetterFilter(String gateway, String reason, Instant from, Instant to, Boolean resolved) {
}
