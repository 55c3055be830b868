package org.hanedge.gateway.api.profile;

/** What a GPIO pin is used for. */
public enum GpioMode {
    /** Digital input reported on each debounced edge. */
    INPUT,
    /** Pulse counter; the channel reports a rate ({@link GpioSource#perPulse()} units per pulse, per hour). */
    COUNTER,
    /** Digital output (relay), subject to the profile's interlocks. */
    OUTPUT
}
