package org.hanedge.gateway.serial.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.hanedge.gateway.api.DeviceState;
import org.hanedge.gateway.api.DeviceStatus;
import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.ReadingSink;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.NmeaSource;
import org.hanedge.gateway.api.profile.SerialLineSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device on one serial port: a reader thread of its own opens the port, frames lines, decodes NMEA sentences
 * and ASCII lines into readings and publishes them; a poll thread (only when the profile has polled ASCII channels)
 * sends requests. A device never waits for another device.
 *
 * <p>Port loss (a USB-serial adapter shaken loose, a device path that disappears or points elsewhere, read errors):
 * the port is closed, every served channel gets a value-less {@link Quality#BAD_OFFLINE} reading, the device goes
 * OFFLINE and the port is reopened with a back-off doubling from 0.5 s up to {@code reopenMax}; when it opens again the
 * gap is logged (INFO, with its length) and counted. Silence (no valid line on a streaming port for the silence
 * timeout: GPS switched off, a coverage gap, a wrong baud rate producing only garbage) gives BAD_COMM readings and an
 * OFFLINE device, and the gap is logged when data returns.
 */
public final class SerialDevice implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialDevice.class);
    private static final long INITIAL_BACKOFF_MS = 500;
    private static final int ASCII_MAX_LINE = 256;

    private final String deviceId;
    private final String profileRef;
    private final SerialSettings settings;
    private final SerialDeviceOptions options;
    private final ReadingSink sink;
    private final NmeaChannels nmea;
    private final AsciiInstrument ascii;
    private final List<ChannelSpec> served;
    private final List<ChannelSpec> streamed;
    private final BadInputCounter bad;
    private final LineFramer framer;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong linesGood = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();

    private volatile boolean running;
    private volatile SerialPortLink link;
    private volatile DeviceState state = DeviceState.STARTING;
    private volatile Instant since = Instant.now();
    private volatile String lastError;
    private volatile Duration lastGap;
    private Thread reader;
    private ScheduledExecutorService poller;

    // reader-thread state
    private long lastDataNanos;
    private boolean silent;
    private Instant silentSince;
    private long badAtSilence;
    private Instant lostAt;

    public SerialDevice(String deviceId, String profileRef, List<ChannelSpec> channels, SerialSettings settings,
            SerialDeviceOptions options, ReadingSink sink) {
        this.deviceId = deviceId;
        this.profileRef = profileRef;
        this.settings = settings;
        this.options = options;
        this.sink = sink;
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
        this.nmea = nmeaChannels.isEmpty() ? null : new NmeaChannels(deviceId, nmeaChannels);
        this.ascii = asciiChannels.isEmpty() ? null : new AsciiInstrument(deviceId, asciiChannels);
        List<ChannelSpec> all = new ArrayList<>(nmeaChannels);
        all.addAll(asciiChannels);
        this.served = List.copyOf(all);
        List<ChannelSpec> st = new ArrayList<>(nmeaChannels);
        if (ascii != null) {
            st.addAll(ascii.streamingChannels());
        }
        this.streamed = List.copyOf(st);
        this.bad = new BadInputCounter(deviceId, options.badInputLogPeriod(), System::nanoTime);
        LineFramer.Listener listener = new LineFramer.Listener() {
            @Override
            public void line(String line) {
                onLine(line);
            }

            @Override
            public void bad(BadInput reason, CharSequence sample) {
                bad.count(reason, sample);
            }
        };
        this.framer = asciiChannels.isEmpty() ? LineFramer.nmea(listener)
                : new LineFramer(ASCII_MAX_LINE, false, listener);
    }

    public synchronized SerialDevice start() {
        if (running) {
            return this;
        }
        running = true;
        reader = new Thread(this::run, "hanedge-serial-" + deviceId);
        reader.setDaemon(true);
        reader.start();
        if (ascii != null && !ascii.pollGroups().isEmpty()) {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "hanedge-serial-poll-" + deviceId);
                t.setDaemon(true);
                return t;
            });
            for (AsciiInstrument.PollGroup g : ascii.pollGroups()) {
                long ms = g.interval().toMillis();
                poller.scheduleAtFixedRate(() -> poll(g), ms, ms, TimeUnit.MILLISECONDS);
            }
        }
        return this;
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            stopped.countDown();
            if (poller != null) {
                poller.shutdownNow();
            }
            t = reader;
        }
        try {
            t.join(Math.max(2000, 5L * options.readTimeoutMs()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SerialPortLink l = link;
        if (l != null) {
            l.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------- reader

    private void run() {
        long backoff = INITIAL_BACKOFF_MS;
        while (running) {
            SerialPortLink l;
            try {
                l = SerialPortLink.open(settings, options.readTimeoutMs());
            } catch (IOException | RuntimeException e) {
                if (state != DeviceState.OFFLINE) {
                    lostAt = Instant.now();
                    offline("cannot open " + settings.port() + ": " + e.getMessage(), Quality.BAD_OFFLINE);
                    LOG.warn("device {}: cannot open serial port {}: {}; retrying with back-off up to {} s", deviceId,
                            settings.port(), e.getMessage(), options.reopenMax().toSeconds());
                }
                await(backoff);
                backoff = Math.min(backoff * 2, Math.max(INITIAL_BACKOFF_MS, options.reopenMax().toMillis()));
                continue;
            }
            backoff = INITIAL_BACKOFF_MS;
            link = l;
            framer.reset();
            opened();
            try {
                readLoop(l);
            } catch (IOException | RuntimeException e) {
                if (running) {
                    lostAt = Instant.now();
                    offline("serial port lost: " + e.getMessage(), Quality.BAD_OFFLINE);
                    LOG.warn("device {}: serial port {} lost ({}); reopening with back-off up to {} s", deviceId,
                            settings.port(), e.getMessage(), options.reopenMax().toSeconds());
                }
            } finally {
                link = null;
                l.close();
            }
        }
    }

    private void opened() {
        lastDataNanos = System.nanoTime();
        silent = false;
        if (lostAt != null) {
            Duration gap = Duration.between(lostAt, Instant.now());
            lastGap = gap;
            gaps.incrementAndGet();
            LOG.info("device {}: serial port {} back after a gap of {} (offline since {})", deviceId,
                    settings.describe(), human(gap), lostAt);
            lostAt = null;
        } else {
            LOG.info("device {}: reading {} channels on {} (profile {})", deviceId, served.size(),
                    settings.describe(), profileRef);
        }
        setState(DeviceState.STARTING, null);
    }

    private void readLoop(SerialPortLink l) throws IOException {
        byte[] buf = new byte[1024];
        while (running) {
            int n = l.read(buf);
            if (n > 0) {
                framer.feed(buf, 0, n);
            }
            checkSilence();
        }
    }

    private void onLine(String line) {
        Instant now = Instant.now();
        if (nmea != null && !line.isEmpty() && line.charAt(0) == '$') {
            NmeaParser.Result r = NmeaParser.parse(line);
            if (r.ok()) {
                data();
                publish(nmea.readings(r.sentence(), now));
            } else {
                bad.count(r.error(), r.detail() + ": " + line);
            }
            return;
        }
        if (ascii != null) {
            long malformed = bad.count(BadInput.MALFORMED);
            List<Reading> rs = ascii.onLine(line, now, bad);
            if (!rs.isEmpty()) {
                data();
                publish(rs);
            } else if (bad.count(BadInput.MALFORMED) == malformed) {
                bad.count(BadInput.UNMATCHED, line);
            }
            return;
        }
        bad.count(BadInput.GARBAGE, line);
    }

    private void data() {
        linesGood.incrementAndGet();
        lastDataNanos = System.nanoTime();
        if (silent) {
            silent = false;
            Duration gap = Duration.between(silentSince, Instant.now());
            lastGap = gap;
            gaps.incrementAndGet();
            LOG.info("device {}: data back on {} after a gap of {}", deviceId, settings.port(), human(gap));
        }
        if (state != DeviceState.ONLINE) {
            setState(DeviceState.ONLINE, lastError);
        }
    }

    private void checkSilence() {
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
        LOG.warn("device {}: no valid data on {} for {}: {}", deviceId, settings.port(), human(options.silence()),
                why);
        List<Reading> rs = new ArrayList<>(streamed.size());
        Instant now = Instant.now();
        for (ChannelSpec c : streamed) {
            rs.add(Reading.failed(deviceId, c.name(), c.unit(), now, Quality.BAD_COMM));
        }
        setState(DeviceState.OFFLINE, "no valid data for " + human(options.silence()));
        publish(rs);
    }

    private void offline(String why, Quality quality) {
        setState(DeviceState.OFFLINE, why);
        Instant now = Instant.now();
        List<Reading> rs = new ArrayList<>(served.size());
        for (ChannelSpec c : served) {
            rs.add(Reading.failed(deviceId, c.name(), c.unit(), now, quality));
        }
        publish(rs);
    }

    // ------------------------------------------------------------------------------------------------------ poll

    private void poll(AsciiInstrument.PollGroup g) {
        try {
            SerialPortLink l = link;
            if (l == null || !running) {
                return; // offline readings already published
            }
            ascii.requestSent(g);
            requests.incrementAndGet();
            try {
                l.write(g.requestBytes);
            } catch (IOException e) {
                LOG.debug("device {}: request failed: {}", deviceId, e.getMessage());
            }
            long timeout = Math.min(options.replyTimeout().toMillis(), Math.max(50, g.interval().toMillis() * 9 / 10));
            poller.schedule(() -> expire(g), timeout, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.error("device {}: poll failed", deviceId, e);
        }
    }

    private void expire(AsciiInstrument.PollGroup g) {
        List<Reading> rs = ascii.replyTimeout(g, Instant.now());
        if (!rs.isEmpty() && link != null) {
            bad.count(BadInput.REPLY_TIMEOUT, g.request());
            publish(rs);
        }
    }

    // ---------------------------------------------------------------------------------------------------- common

    private void publish(List<Reading> rs) {
        if (rs.isEmpty()) {
            return;
        }
        try {
            sink.publish(rs);
        } catch (RuntimeException e) {
            LOG.error("device {}: reading sink failed", deviceId, e);
        }
    }

    private void setState(DeviceState s, String error) {
        if (state != s) {
            state = s;
            since = Instant.now();
        }
        lastError = error;
    }

    private void await(long ms) {
        try {
            stopped.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    static String human(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    public DeviceStatus status() {
        return new DeviceStatus(deviceId, profileRef, state, since, linesGood.get() + requests.get(), bad.faults(),
                lastError);
    }

    public String deviceId() {
        return deviceId;
    }

    public DeviceState state() {
        return state;
    }

    public BadInputCounter badInput() {
        return bad;
    }

    /** Gaps (port lost or line silent) that have ended so far. */
    public long gaps() {
        return gaps.get();
    }

    /** Length of the last gap that ended, or null. */
    public Duration lastGap() {
        return lastGap;
    }

    public List<ChannelSpec> channels() {
        return served;
    }

    public SerialSettings settings() {
        return settings;
    }
}
