package org.hanedge.fleet.command;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A command sent to a gateway and what became of it.
 *
 * @param id           the command id (UUID), also in the gateway's log and answer
 * @param status       {@code SENT} (waiting for the answer), the gateway's answer ({@code DONE},
 *                     {@code REFUSED_INTERLOCK}, {@code UNKNOWN_DEVICE}, {@code UNKNOWN_CHANNEL}, {@code NOT_WRITABLE},
 *                     {@code FAILED}, {@code BAD_REQUEST}, {@code UNKNOWN_COMMAND}), {@code TIMED_OUT} (no answer
 *                     within the wait) or {@code NOT_DELIVERED} (the broker had no subscriber for it: the gateway is
 *                     not connected; or the server's MQTT session failed)
 * @param answerReason the gateway's reason (the interlock, an error), or why it was not delivered
 * @param answeredAt   when the server received the gateway's answer (also after a time-out: a late answer)
 * @param timedOutAt   when the server stopped waiting, if it did
 * @param detail       on the answer to a POST only (null in lists): what a TIMED_OUT or NOT_DELIVERED means for the
 *                     operator
 */
public record CommandDto(String id, String gateway, String device, String channel,
        @Schema(description = "the value written: true or false (a number for a setpoint)") Object value, String operator, String reason, Instant sentAt,
        @Schema(example = "REFUSED_INTERLOCK") String status, String answerReason, Instant answeredAt,
        Instant timedOutAt, String detail) {

    CommandDto withDetail(String detail) {
        return new CommandDto(id, gateway, device, channel, value, operator, reason, sentAt, status, answerReason,
                answeredAt, timedOutAt, detail);
    }
}
