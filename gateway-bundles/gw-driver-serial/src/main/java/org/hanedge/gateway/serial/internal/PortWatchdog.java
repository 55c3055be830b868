package org.hanedge.gateway.serial.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.hanedge.gateway.api.DeviceState;
import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loss and silence of a serial port (reader-thread confined). A port that cannot be opened or is lost gives
 * value-less BAD_OFFLINE readings for every served channel, an OFFLINE device and a reopen back-off doubling from
 * 0.5 s up to {@code reopenMax}; no valid line on a streaming port for the silence timeout gives BAD_COMM readings for
 * the streaming channels. When the port opens again or data returns, the gap is logged and counted.
 */
final class PortWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(SerialDevice.class);
    static final long INITIAL_BACKOFF_MS = 500;

    private final String deviceId;
    private final String profileRef;
    private final SerialSettings settings;
    private final SerialDeviceOptions options;
    private final List<ChannelSpec> served;
    private final List<ChannelSpec> streamed;
    private final BadInputCounter bad;
    private final SerialStatus status;
    private final ReadingPublisher out;

    private long backoff = INITIAL_BACKOFF_MS;
    private long lastDataNanos;
    private boolean silent;
    private Instant silentSince;
    private long badAtSilence;
    private Instant lostAt;

    PortWatchdog(String deviceId, String profileRef, SerialSettings settings, SerialDeviceOptions options,
            List<ChannelSpec> served, List<ChannelSpec> streamed, BadInputCounter bad, SerialStatus status,
            ReadingPublisher out) {
        this.deviceId = deviceId;
        this.profileRef = profileRef;
        this.settings = settings;
        this.options = options;
        this.served = served;
        this.streamed = streamed;
        this.bad = bad;
        this.status = status;
        this.out = out;
    }

    /** The port could not be opened: goes offline (once) and returns how long to wait before the next attempt. */
    long openFailed(Exception e) {
        if (status.state() != DeviceState.OFFLINE) {
            lostAt = Instant.now();
            offline("cannot open " + settings.port() + ": " + e.getMessage());
            LOG.warn("device {}: cannot open serial port {}: {}; retrying with back-off up to {} s", deviceId,
                    settings.port(), e.getMessage(), options.reopenMax().toSeconds());
        }
        long wait = backoff;
        backoff = Math.min(backoff * 2, Math.max(INITIAL_BACKOFF_MS, options.reopenMax().toMillis()));
        return wait;
    }

    /** The open port failed while reading. */
    void lost(Exception e) {
        lostAt = Instant.now();
        offline("serial port lost: " + e.getMessage());
        LOG.warn("device {}: serial port {} lost ({}); reopening with back-off up to {} s", deviceId,
                settings.port(), e.getMessage(), options.reopenMax().toSeconds());
    }

    /** The port is open (again). */
    void opened() {
        backoff = INITIAL_BACKOFF_MS;
        lastDataNanos = System.nanoTime();
        silent = false;
        if (lostAt != null) {
            Duration gap = Duration.between(lostAt, Instant.now());
            status.gapEnded(gap);
            LOG.info("device {}: serial port {} back after a gap of {} (offline since {})", deviceId,
                    settings.describe(), SerialDevice.human(gap), lostAt);
            lostAt = null;
        } else {
            LOG.info("device {}: reading {} channels on {} (profile {})", deviceId, served.size(),
                    settings.describe(), profileRef);
        }
        status.set(DeviceState.STARTING, null);
    }

    /** A valid line has arrived. */
    void data() {
        status.lineGood();
        lastDataNanos = System.nanoTime();
        if (silent) {
            silent = false;
            Duration gap = Duration.between(silentSince, Instant.now());
            status.gapEnded(gap);
            LOG.info("device {}: data back on {} after a gap of {}", deviceId, settings.port(), SerialDevice.human(gap));
        }
        if (status.state() != DeviceState.ONLINE) {
            status.set(DeviceState.ONLINE, status.lastError());
        }
    }

    /** After every read: has a streaming port been without valid data for the silence timeout? */
    void checkSilence() {
        if (silent || streamed.isEmpty() || options.silence().isZero()) {
            return;
        }
        long quiet = System.nanoTime() - lastDataNanos;
        if (quiet < options.silence().toNanos()) {
            return;
        }
        silent = true;
        silentSince = Instant.now().minusNanos(quiet);
        long faults = bad.faults();
        String why = faults > badAtSilence
                ? "only bad input meanwhile (" + (faults - badAtSilence) + " in total so far"
                        + "; wrong baud rate? configured " + settings.baud() + ")"
                : "the line is silent";
        badAtSilence = faults;
        LOG.warn("device {}: no valid data on {} for {}: {}", deviceId, settings.port(),
                SerialDevice.human(options.silence()), why);
        List<Reading> rs = out.failed(streamed, Instant.now(), Quality.BAD_COMM);
        status.set(DeviceState.OFFLINE, "no valid data for " + SerialDevice.human(options.silence()));
        out.publish(rs);
    }

    private void offline(String why) {
        status.set(DeviceState.OFFLINE, why);
        out.publish(out.failed(served, Instant.now(), Quality.BAD_OFFLINE));
    }
}
