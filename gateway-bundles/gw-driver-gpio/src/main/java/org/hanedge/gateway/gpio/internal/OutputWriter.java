package org.hanedge.gateway.gpio.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.hanedge.gateway.api.OutputDriver;
import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.WriteCommand;
import org.hanedge.gateway.api.WriteResult;
import org.hanedge.gateway.api.WriteStatus;
import org.hanedge.gateway.api.outbox.Outbox;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.GpioMode;
import org.hanedge.gateway.api.profile.GpioSource;
import org.hanedge.gateway.api.profile.Interlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link OutputDriver} of a GPIO device. A write is decided on the caller's thread and the returned stage is
 * already complete:
 * <ol>
 * <li>another device id → UNKNOWN_DEVICE; a channel the profile does not have → UNKNOWN_CHANNEL; a channel that is
 * not a GPIO output, or a value that is not a {@link Boolean} → NOT_WRITABLE; the device not running → FAILED;</li>
 * <li>switching on is checked against every interlock of the output: the latest reading of the interlock's channel
 * ({@link InterlockReadings}) must exist, be GOOD and numeric, be no older than {@link #staleAfter} and be permitted
 * by the limits, otherwise REFUSED_INTERLOCK naming the interlock, the channel, its value (or "no recent good
 * reading") and the limit; switching off is never refused;</li>
 * <li>the pin is driven (a Pi4J failure → FAILED); a change of state is published as a BOOLEAN reading by the
 * device.</li>
 * </ol>
 * Writes are serialised, so the check and the switch of one write are not interleaved with another write. Every
 * DONE (INFO) and REFUSED_INTERLOCK (WARN) outcome is logged and appended to the {@link Outbox}, if one is bound, as
 * an EVENT on topic {@code event}: {@code {"type":"output-write","device","channel","value","origin","status",
 * "reason","time"}}. Other outcomes are logged at WARN only.
 */
final class OutputWriter implements OutputDriver {
    static final Duration MIN_STALENESS = Duration.ofSeconds(10);
    static final Duration DEFAULT_POLL = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(OutputWriter.class);

    private final String deviceId;
    private final DeviceProfile profile;
    private final Supplier<GpioDevice> device;
    private final InterlockReadings readings;
    private final Supplier<Outbox> outbox;
    private final Clock clock;
    private final Object writeLock = new Object();

    /**
     * @param device the running device, or a supplier of null when it failed to start
     * @param outbox where events go, or a supplier of null (log only)
     */
    OutputWriter(String deviceId, DeviceProfile profile, Supplier<GpioDevice> device, InterlockReadings readings,
            Supplier<Outbox> outbox, Clock clock) {
        this.deviceId = deviceId;
        this.profile = profile;
        this.device = device;
        this.readings = readings;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Whether the profile has GPIO output channels (without them every write is refused). */
    static boolean hasOutputs(DeviceProfile profile) {
        return profile.channels().stream().anyMatch(OutputWriter::isOutput);
    }

    static boolean isOutput(ChannelSpec c) {
        return c.source() instanceof GpioSource g && g.mode() == GpioMode.OUTPUT;
    }

    /** How old a reading of {@code channel} may be to count: 3 × its poll interval, at least 10 s. */
    static Duration staleAfter(ChannelSpec channel) {
        Duration poll = channel.poll() != null ? channel.poll() : DEFAULT_POLL;
        Duration bound = poll.multipliedBy(3);
        return bound.compareTo(MIN_STALENESS) < 0 ? MIN_STALENESS : bound;
    }

    @Override
    public CompletionStage<WriteResult> write(WriteCommand command) {
        WriteResult result;
        try {
            result = apply(command);
        } catch (RuntimeException e) {
            result = new WriteResult(command, WriteStatus.FAILED, "internal error: " + e, clock.instant());
        }
        report(result);
        return CompletableFuture.completedFuture(result);
    }

    private WriteResult apply(WriteCommand cmd) {
        if (!cmd.deviceId().equals(deviceId)) {
            return result(cmd, WriteStatus.UNKNOWN_DEVICE, "this driver serves device " + deviceId);
        }
        Optional<ChannelSpec> spec = profile.channel(cmd.channel());
        if (spec.isEmpty()) {
            return result(cmd, WriteStatus.UNKNOWN_CHANNEL, "profile " + profile.ref() + " has no channel "
                    + cmd.channel());
        }
        if (!isOutput(spec.get())) {
            return result(cmd, WriteStatus.NOT_WRITABLE, cmd.channel() + " is not an output");
        }
        if (!(cmd.value() instanceof Boolean on)) {
            return result(cmd, WriteStatus.NOT_WRITABLE, cmd.channel() + " is a digital output: the value must be "
                    + "true or false, got " + cmd.value().getClass().getSimpleName() + " " + cmd.value());
        }
        synchronized (writeLock) {
            GpioDevice d = device.get();
            if (d == null || !d.hasOutput(cmd.channel())) {
                return result(cmd, WriteStatus.FAILED, "device " + deviceId + " is not running");
            }
            if (on) {
                for (Interlock interlock : profile.interlocksOf(cmd.channel())) {
                    String refusal = check(interlock);
                    if (refusal != null) {
                        return result(cmd, WriteStatus.REFUSED_INTERLOCK, refusal);
                    }
                }
            }
            try {
                d.drive(cmd.channel(), on);
            } catch (RuntimeException e) {
                return result(cmd, WriteStatus.FAILED, "pin not driven: " + e);
            }
            return result(cmd, WriteStatus.DONE, null);
        }
    }

    /** Null if the interlock permits switching on now; else why not. */
    private String check(Interlock interlock) {
        ChannelSpec channel = profile.channel(interlock.channel()).orElse(null);
        String name = "interlock " + (interlock.reason() != null ? "'" + interlock.reason() + "'" : "on "
                + interlock.output()) + " (" + interlock.output() + " needs " + interlock.channel() + " "
                + limit(interlock) + ")";
        if (channel == null) {
            return name + ": " + interlock.channel() + " is not a channel of " + profile.ref();
        }
        Optional<Reading> latest = readings.latest(interlock.channel());
        if (latest.isEmpty()) {
            return name + ": no recent good reading of " + interlock.channel();
        }
        Reading r = latest.get();
        if (r.quality() != Quality.GOOD || !(r.value() instanceof Double)) {
            return name + ": no recent good reading of " + interlock.channel() + " (latest from " + r.deviceId()
                    + " is " + r.quality() + ")";
        }
        Duration age = Duration.between(r.time(), clock.instant());
        Duration bound = staleAfter(channel);
        if (age.compareTo(bound) > 0) {
            return name + ": no recent good reading of " + interlock.channel() + " (latest from " + r.deviceId()
                    + " is " + seconds(age) + " s old, limit " + seconds(bound) + " s)";
        }
        double value = r.numberValue();
        if (!interlock.permits(value)) {
            return name + ": " + interlock.channel() + " is " + number(value) + unit(channel);
        }
        return null;
    }

    private static String limit(Interlock i) {
        if (i.min() != null && i.max() != null) {
            return "between " + number(i.min()) + " and " + number(i.max());
        }
        return i.min() != null ? ">= " + number(i.min()) : "<= " + number(i.max());
    }

    private static String unit(ChannelSpec c) {
        return c.unit() == null ? "" : " " + c.unit();
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
    }

    private WriteResult result(WriteCommand cmd, WriteStatus status, String reason) {
        return new WriteResult(cmd, status, reason, clock.instant());
    }

    /** Logs the outcome; appends DONE and REFUSED_INTERLOCK to the outbox as an event. */
    private void report(WriteResult r) {
        WriteCommand c = r.command();
        switch (r.status()) {
            case DONE -> LOG.info("device {}: output {} set to {} (origin {})", c.deviceId(), c.channel(), c.value(),
                    c.origin());
            case REFUSED_INTERLOCK -> LOG.warn("device {}: output {} not set to {} (origin {}): refused by {}",
                    c.deviceId(), c.channel(), c.value(), c.origin(), r.reason());
            default -> LOG.warn("device {}: output {} not set to {} (origin {}): {} {}", c.deviceId(), c.channel(),
                    c.value(), c.origin(), r.status(), r.reason());
        }
        if (r.status() != WriteStatus.DONE && r.status() != WriteStatus.REFUSED_INTERLOCK) {
            return;
        }
        Outbox o = outbox.get();
        if (o == null) {
            return;
        }
        try {
            o.append(Priority.EVENT, List.of(new Payload.OfEvent("event", r.time(), eventJson(r))));
        } catch (Exception e) {
            LOG.warn("device {}: output-write event not stored: {}", c.deviceId(), e.toString());
        }
    }

    /** {@code {"type":"output-write","device","channel","value","origin","status","reason","time"}}. */
    static String eventJson(WriteResult r) {
        WriteCommand c = r.command();
        String value = c.value() instanceof Boolean || c.value() instanceof Number ? c.value().toString()
                : Json.string(c.value().toString());
        return "{\"type\":\"output-write\",\"device\":" + Json.string(c.deviceId()) + ",\"channel\":"
                + Json.string(c.channel()) + ",\"value\":" + value + ",\"origin\":" + Json.string(c.origin())
                + ",\"status\":" + Json.string(r.status().name()) + ",\"reason\":"
                + (r.reason() == null ? "null" : Json.string(r.reason())) + ",\"time\":"
                + Json.string(r.time().toString()) + "}";
    }

    /** Minimal JSON string quoting (RFC 8259). */
    static final class Json {
        private Json() {
        }

        static String string(String s) {
            StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                switch (ch) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (ch < 0x20) {
                            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                        } else {
                            sb.append(ch);
                        }
                    }
                }
            }
            return sb.append('"').toString();
        }
    }
}
