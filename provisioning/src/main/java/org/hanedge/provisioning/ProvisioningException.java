package org.hanedge.provisioning;

/** A provisioning step failed; the message is one line a technician can act on (never a password). */
public final class ProvisioningException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProvisioningException(String message) {
        super(message);
    }
}
