package org.hanedge.gateway.api.outbox;

/** The outbox is full and its policy rejects new entries; the rejection has been counted. */
public class OutboxFullException extends Exception {
    private static final long serialVersionUID = 1L;

    public OutboxFullException(String message) {
        super(message);
    }
}
