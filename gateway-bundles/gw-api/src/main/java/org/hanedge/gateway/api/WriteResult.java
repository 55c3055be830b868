package org.hanedge.gateway.api;

import java.time.Instant;
import java.util.Objects;

/**
 * What became of a {@link WriteCommand}.
 *
 * @param command the command
 * @param status  the outcome
 * @param reason  a human-readable explanation, e.g. the interlock that refused it ({@code null} when done)
 * @param time    when the outcome was decided
 */
public record WriteResult(WriteCommand command, WriteStatus status, String reason, Instant time) {
    public WriteResult {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(time, "time");
    }
}
