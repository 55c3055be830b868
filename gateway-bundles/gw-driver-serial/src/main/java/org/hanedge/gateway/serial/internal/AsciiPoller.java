package org.hanedge.gateway.serial.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.hanedge.gateway.api.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread of a serial device with polled ASCII channels ({@code hanedge-serial-poll-<id>}): writes each
 * poll group's request every interval while the port is open and, after the reply timeout (capped at 90 % of the
 * interval), gives the group's unanswered channels value-less BAD_COMM readings and counts a REPLY_TIMEOUT.
 */
final class AsciiPoller {
    private static final Logger LOG = LoggerFactory.getLogger(SerialDevice.class);

    private final String deviceId;
    private final AsciiInstrument ascii;
    private final SerialDeviceOptions options;
    private final SerialReader reader;
    private final SerialStatus status;
    private final BadInputCounter bad;
    private final ReadingPublisher out;
    private ScheduledExecutorService executor;

    AsciiPoller(String deviceId, AsciiInstrument ascii, SerialDeviceOptions options, SerialReader reader,
            SerialStatus status, BadInputCounter bad, ReadingPublisher out) {
        this.deviceId = deviceId;
        this.ascii = ascii;
        this.options = options;
        this.reader = reader;
        this.status = status;
        this.bad = bad;
        this.out = out;
    }

    void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hanedge-serial-poll-" + deviceId);
            t.setDaemon(true);
            return t;
        });
        for (AsciiInstrument.PollGroup g : ascii.pollGroups()) {
            long ms = g.interval().toMillis();
            executor.scheduleAtFixedRate(() -> poll(g), ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    void stop() {
        executor.shutdownNow();
    }

    private void poll(AsciiInstrument.PollGroup g) {
        try {
            SerialPortLink l = reader.link();
            if (l == null || !reader.running()) {
                return; // offline readings already published
            }
            ascii.requestSent(g);
            status.requestSent();
            try {
                l.write(g.requestBytes);
            } catch (IOException e) {
                LOG.debug("device {}: request failed: {}", deviceId, e.getMessage());
            }
            long timeout = Math.min(options.replyTimeout().toMillis(), Math.max(50, g.interval().toMillis() * 9 / 10));
            executor.schedule(() -> expire(g), timeout, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.error("device {}: poll failed", deviceId, e);
        }
    }

    private void expire(AsciiInstrument.PollGroup g) {
        List<Reading> rs = ascii.replyTimeout(g, Instant.now());
        if (!rs.isEmpty() && reader.link() != null) {
            bad.count(BadInput.REPLY_TIMEOUT, g.request());
            out.publish(rs);
        }
    }
}
