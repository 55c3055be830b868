package org.hanedge.simulators.fleet;

/**
 * Where a virtual gateway's records get their channels and values. The gateway calls {@link #advance} once per pack
 * and sizes the pack by {@link #due()}; {@link TelemetryPacks} then takes {@link #nextChannel()} and its value for every
 * record. Not thread-safe: one instance per virtual
 * gateway, used under its lock.
 */
interface ValueSource {

    /** Brings the values up to a pack whose records carry {@code recordTimeMillis}. */
    default void advance(long recordTimeMillis) {
    }

    /**
     * How many channels must go into the next pack (after {@link #advance}) so that none stays silent longer than its
     * profile allows; a pack carries at least this many records.
     */
    default int due() {
        return 0;
    }

    /** The channel of the next record (a number or boolean channel of the profile). */
    ChannelValues.Channel nextChannel();

    /** The value of a number channel. */
    double number(ChannelValues.Channel c);

    /** The value of a boolean channel. */
    boolean bool(ChannelValues.Channel c);
}
