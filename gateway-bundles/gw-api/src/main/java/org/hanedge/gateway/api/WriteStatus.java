package org.hanedge.gateway.api;

/** The outcome of a {@link WriteCommand}. */
public enum WriteStatus {
    /** The output was set. */
    DONE,
    /** An interlock of the profile forbids it now; nothing was changed. */
    REFUSED_INTERLOCK,
    /** No device of that id on this gateway has outputs. */
    UNKNOWN_DEVICE,
    /** The device has no such channel. */
    UNKNOWN_CHANNEL,
    /** The channel is not an output, or the value has the wrong type. */
    NOT_WRITABLE,
    /** The device could not be driven (hardware or bus error). */
    FAILED
}
