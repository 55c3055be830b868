package org.hanedge.gateway.uplink.mqtt.internal;

import java.util.function.Function;

import org.hanedge.contract.senml.Precisions;
import org.hanedge.gateway.api.OutputDriver;
import org.hanedge.gateway.api.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uplink thread: connects (exponential back-off with jitter), publishes the birth message, then drains the
 * outbox while connected: take, build messages, publish QoS 1 within the in-flight window and the rate limit,
 * acknowledge on PUBACK, release everything in flight when the connection is lost. One thread does all of it, so the
 * order of publishes is the outbox's take order (ALARM before EVENT before TELEMETRY, oldest first).
 *
 * <p>This class owns the thread and wires the parts: {@link Connection} (session lifecycle, back-off),
 * {@link DrainLoop} (take, build, publish), {@link InFlight} (PUBACK bookkeeping), {@link StatsPublisher},
 * {@link ErrorLog}, {@link SessionSignals} (what the thread waits on) and {@link CommandHandler} (remote commands on
 * {@code .../cmd/+}, answered live on their own executor).
 */
public final class Sender {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

    private final UplinkSettings settings;
    private final SessionSignals signals = new SessionSignals();
    private final ErrorLog errors;
    private final InFlight inFlight;
    private final StatsPublisher stats;
    private final Connection connection;
    private final DrainLoop drainLoop;
    private final CommandHandler commands;
    private final ClockCorrection clock; // null: times as taken
    private final Downlinks downlinks;
    private Thread thread;

    /** An uplink without output drivers: every {@code write} is answered UNKNOWN_DEVICE. */
    public Sender(UplinkSettings settings, Outbox outbox, StateDocuments documents) {
        this(settings, outbox, documents, device -> null, CommandHandler.DEFAULT_TIMEOUT_MS);
    }

    /**
     * Command ids remembered in memory only.
     *
     * @param outputs          device id -> its output driver, or null
     * @param commandTimeoutMs how long a driver may take for a write before the response says FAILED / timeout
     */
    public Sender(UplinkSettings settings, Outbox outbox, StateDocuments documents,
            Function<String, OutputDriver> outputs, long commandTimeoutMs) {
        this(settings, outbox, documents, outputs, commandTimeoutMs, RecentCommands.inMemory());
    }

    /** As above, with the given memory of command ids. */
    Sender(UplinkSettings settings, Outbox outbox, StateDocuments documents,
            Function<String, OutputDriver> outputs, long commandTimeoutMs, RecentCommands recentCommands) {
        this(settings, outbox, documents, outputs, commandTimeoutMs, null, ClockSource.SYSTEM, 0, Precisions.NONE,
                new Downlinks(), recentCommands);
    }

    /** As below, without downlink listeners. */
    Sender(UplinkSettings settings, Outbox outbox, StateDocuments documents, Function<String, OutputDriver> outputs,
            long commandTimeoutMs, ClockSettings clockSettings, ClockSource clockSource, long jvmStartWall,
            Precisions precisions) {
        this(settings, outbox, documents, outputs, commandTimeoutMs, clockSettings, clockSource, jvmStartWall,
                precisions, new Downlinks());
    }

    /** As below, command ids remembered in memory only. */
    Sender(UplinkSettings settings, Outbox outbox, StateDocuments documents, Function<String, OutputDriver> outputs,
            long commandTimeoutMs, ClockSettings clockSettings, ClockSource clockSource, long jvmStartWall,
            Precisions precisions, Downlinks downlinks) {
        this(settings, outbox, documents, outputs, commandTimeoutMs, clockSettings, clockSource, jvmStartWall,
                precisions, downlinks, RecentCommands.inMemory());
    }

    /**
     * @param clockSettings the time correction (docs/uplink.md, "Clock"), or null for none: times go out as taken
     * @param jvmStartWall  the wall clock at the JVM's start (this boot's records were taken after it)
     * @param precisions    each channel's precision (from its device's profile)
     * @param downlinks     the downlink listeners, and live publishes for other bundles
     * @param recentCommands the command ids run recently and their responses (a redelivered id is not run again)
     * @throws java.io.UncheckedIOException when the clock epoch table cannot be read (a damaged one is moved aside)
     */
    Sender(UplinkSettings settings, Outbox outbox, StateDocuments documents, Function<String, OutputDriver> outputs,
            long commandTimeoutMs, ClockSettings clockSettings, ClockSource clockSource, long jvmStartWall,
            Precisions precisions, Downlinks downlinks, RecentCommands recentCommands) {
        this.settings = settings;
        this.downlinks = downlinks;
        this.clock = clockSettings == null ? null : new ClockCorrection(clockSettings, settings, clockSource,
                () -> outbox.stats().lastSeq(), jvmStartWall, signals::signal);
        this.commands = new CommandHandler(settings, outputs, commandTimeoutMs, recentCommands);
        this.errors = new ErrorLog(settings.brokerUri());
        this.inFlight = new InFlight(outbox, settings.brokerUri(), signals);
        this.stats = new StatsPublisher(settings, outbox, documents, this::status);
        this.connection = new Connection(settings, documents, signals, inFlight, stats, errors, commands,
                clock == null ? null : clock.timeClient(), downlinks);
        this.drainLoop = new DrainLoop(settings, outbox, signals, inFlight, clock, precisions);
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        stats.start();
        if (clock != null) {
            clock.start();
        }
        thread = new Thread(this::run, "hanedge-uplink");
        thread.setDaemon(true);
        thread.start();
    }

    /** Publishes the shutdown state (when connected), disconnects and ends the thread. */
    public synchronized void stop() {
        signals.requestStop();
        if (thread != null) {
            try {
                thread.join(20_000);
                if (thread.isAlive()) {
                    LOG.warn("uplink {}: sender did not stop in time; interrupting", settings.brokerUri());
                    thread.interrupt();
                    thread.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        stats.shutdown();
        commands.shutdown();
        if (clock != null) {
            clock.stop();
        }
    }

    /** Whether a session is up (birth published). */
    public boolean connected() {
        return connection.connected();
    }

    /** A live JSON document under the gateway's root, QoS 1 (see {@link Downlinks#publish}). */
    java.util.concurrent.CompletionStage<Void> publish(String path, byte[] json, boolean retained) {
        return downlinks.publish(path, json, retained);
    }

    public UplinkStatus status() {
        long connects = connection.connects();
        return new UplinkStatus(settings.brokerUri(), connection.connected(), errors.lastError(),
                errors.lastErrorTime(), inFlight.messagesSent(), inFlight.readingsSent(), inFlight.eventsSent(),
                connects, Math.max(0, connects - 1), connection.failedAttempts(), inFlight.size(),
                inFlight.maxSeen(), clock == null ? null : clock.status());
    }

    private void run() {
        try {
            while (!signals.stopping()) {
                if (!connection.connect()) {
                    connection.waitBeforeRetry();
                    continue;
                }
                try {
                    drainLoop.drain(connection.client());
                } finally {
                    connection.endSession();
                }
                if (!signals.stopping()) {
                    connection.waitBeforeRetry();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            inFlight.releaseAll();
        } catch (RuntimeException | Error e) {
            LOG.error("uplink {}: sender thread failed", settings.brokerUri(), e);
            inFlight.releaseAll();
        }
    }
}
