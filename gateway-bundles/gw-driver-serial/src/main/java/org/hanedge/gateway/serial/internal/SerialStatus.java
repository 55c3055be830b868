package org.hanedge.gateway.serial.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.hanedge.gateway.api.DeviceState;
import org.hanedge.gateway.api.DeviceStatus;

/**
 * State and counters of a serial device, written by its reader and poll threads and read by anyone: the device
 * state with the time it was entered and the last error, good lines, requests sent, and the gaps that have ended.
 */
final class SerialStatus {
    private final AtomicLong linesGood = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private volatile DeviceState state = DeviceState.STARTING;
    private volatile Instant since = Instant.now();
    private volatile String lastError;
    private volatile Duration lastGap;

    /** Enters {@code s} (its time only changes when the state does) with {@code error} as the last error. */
    void set(DeviceState s, String error) {
        if (state != s) {
            state = s;
            since = Instant.now();
        }
        lastError = error;
    }

    DeviceState state() {
        return state;
    }

    String lastError() {
        return lastError;
    }

    void lineGood() {
        linesGood.incrementAndGet();
    }

    void requestSent() {
        requests.incrementAndGet();
    }

    /** A gap (port lost or line silent) of length {@code gap} has ended. */
    void gapEnded(Duration gap) {
        lastGap = gap;
        gaps.incrementAndGet();
    }

    long gaps() {
        return gaps.get();
    }

    Duration lastGap() {
        return lastGap;
    }

    DeviceStatus snapshot(String deviceId, String profileRef, long failures) {
        return new DeviceStatus(deviceId, profileRef, state, since, linesGood.get() + requests.get(), failures,
                lastError);
    }
}
