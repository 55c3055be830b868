package org.hanedge.gateway.uplink.mqtt.internal;

/** The two clocks the time correction compares: the OS wall clock and the monotonic clock (tests pass their own). */
interface ClockSource {
    /** The OS wall clock, milliseconds since the epoch (wrong until synchronised; may step). */
    long wallMillis();

    /** The monotonic clock, milliseconds from an arbitrary origin (never steps; restarts with the process). */
    long monoMillis();

    ClockSource SYSTEM = new ClockSource() {
        @Override
        public long wallMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long monoMillis() {
            return System.nanoTime() / 1_000_000L;
        }
    };
}
