package org.hanedge.gateway.api;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A driver whose device has output channels (relays, setpoints). Registered as a service of this type next to
 * {@link DeviceDriver}, with the same {@link DeviceDriver#DEVICE_ID} property. A write is checked against the
 * interlocks of the device's profile first: a write that an interlock forbids is refused (never partly applied) and
 * the refusal is reported with its reason.
 */
@ConsumerType
public interface OutputDriver {
    /** Applies a command; the stage completes with the outcome, never exceptionally. */
    CompletionStage<WriteResult> write(WriteCommand command);
}
