package org.hanedge.gateway.serial.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.hanedge.gateway.api.DeviceState;
import org.hanedge.gateway.api.DeviceStatus;
import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.ReadingSink;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.NmeaSource;
import org.hanedge.gateway.api.profile.SerialLineSource;

/**
 * One device on one serial port: a reader thread of its own ({@link SerialReader}) opens the port, frames lines,
 * decodes NMEA sentences and ASCII lines into readings ({@link LineDispatcher}) and publishes them; a poll thread
 * ({@link AsciiPoller}, only when the profile has polled ASCII channels) sends requests. A device never waits for
 * another device.
 *
 * <p>Port loss (a USB-serial adapter shaken loose, a device path that disappears or points elsewhere, read errors):
 * the port is closed, every served channel gets a value-less {@link Quality#BAD_OFFLINE} reading, the device goes
 * OFFLINE and the port is reopened with a back-off doubling from 0.5 s up to {@code reopenMax}; when it opens again the
 * gap is logged (INFO, with its length) and counted. Silence (no valid line on a streaming port for the silence
 * timeout: GPS switched off, a coverage gap, a wrong baud rate producing only garbage) gives BAD_COMM readings and an
 * OFFLINE device, and the gap is logged when data returns ({@link PortWatchdog}).
 */
public final class SerialDevice implements AutoCloseable {
    private static final int ASCII_MAX_LINE = 256;

    private final String deviceId;
    private final String profileRef;
    private final SerialSettings settings;
    private final List<ChannelSpec> served;
    private final BadInputCounter bad;
    private final SerialStatus status = new SerialStatus();
    private final SerialReader reader;
    private final AsciiPoller poller;

    public SerialDevice(String deviceId, String profileRef, List<ChannelSpec> channels, SerialSettings settings,
            SerialDeviceOptions options, ReadingSink sink) {
        this.deviceId = deviceId;
        this.profileRef = profileRef;
        this.settings = settings;
        List<ChannelSpec> nmeaChannels = options.protocol() == SerialDeviceOptions.Protocol.ASCII ? List.of()
                : channels.stream().filter(c -> c.source() instanceof NmeaSource).toList();
        List<ChannelSpec> asciiChannels = options.protocol() == SerialDeviceOptions.Protocol.NMEA ? List.of()
                : channels.stream().filter(c -> c.source() instanceof SerialLineSource).toList();
        if (nmeaChannels.isEmpty() && asciiChannels.isEmpty()) {
            throw new IllegalArgumentException("profile " + profileRef + " has no "
                    + switch (options.protocol()) {
                        case NMEA -> "NMEA";
                        case ASCII -> "ASCII";
                        case AUTO -> "serial (NMEA or ASCII)";
                    } + " channels");
        }
        NmeaChannels nmea = nmeaChannels.isEmpty() ? null : new NmeaChannels(deviceId, nmeaChannels);
        AsciiInstrument ascii = asciiChannels.isEmpty() ? null : new AsciiInstrument(deviceId, asciiChannels);
        List<ChannelSpec> all = new ArrayList<>(nmeaChannels);
        all.addAll(asciiChannels);
        this.served = List.copyOf(all);
        List<ChannelSpec> st = new ArrayList<>(nmeaChannels);
        if (ascii != null) {
            st.addAll(ascii.streamingChannels());
        }
        List<ChannelSpec> streamed = List.copyOf(st);
        this.bad = new BadInputCounter(deviceId, options.badInputLogPeriod(), System::nanoTime);
        ReadingPublisher out = new ReadingPublisher(deviceId, sink);
        LineDispatcher lines = new LineDispatcher(nmea, ascii, bad, out);
        LineFramer framer = asciiChannels.isEmpty() ? LineFramer.nmea(lines)
                : new LineFramer(ASCII_MAX_LINE, false, lines);
        PortWatchdog watchdog = new PortWatchdog(deviceId, profileRef, settings, options, served, streamed, bad,
                status, out);
        lines.watchdog(watchdog);
        this.reader = new SerialReader(deviceId, settings, options, framer, watchdog);
        this.poller = ascii != null && !ascii.pollGroups().isEmpty()
                ? new AsciiPoller(deviceId, ascii, options, reader, status, bad, out) : null;
    }

    public synchronized SerialDevice start() {
        if (reader.running()) {
            return this;
        }
        reader.start();
        if (poller != null) {
            poller.start();
        }
        return this;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (!reader.running()) {
                return;
            }
            reader.signalStop();
            if (poller != null) {
                poller.stop();
            }
        }
        reader.awaitStop();
    }

    static String human(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    public DeviceStatus status() {
        return status.snapshot(deviceId, profileRef, bad.faults());
    }

    public String deviceId() {
        return deviceId;
    }

    public DeviceState state() {
        return status.state();
    }

    public BadInputCounter badInput() {
        return bad;
    }

    /** Gaps (port lost or line silent) that have ended so far. */
    public long gaps() {
        return status.gaps();
    }

    /** Length of the last gap that ended, or null. */
    public Duration lastGap() {
        return status.lastGap();
    }

    public List<ChannelSpec> channels() {
        return served;
    }

    public SerialSettings settings() {
        return settings;
    }
}
