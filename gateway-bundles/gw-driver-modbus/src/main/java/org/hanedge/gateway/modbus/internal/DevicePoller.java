package org.hanedge.gateway.modbus.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.hanedge.gateway.api.DeviceState;
import org.hanedge.gateway.api.DeviceStatus;
import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.ReadingSink;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one device on a shared bus.
 * <p>
 * Each poll group (channels sharing a poll interval) is ticked by the shared scheduler. A tick starts a <em>cycle</em>
 * unless the group's previous cycle is still queued or running (then the tick is skipped and counted). A cycle sends
 * its requests back to back in one bus task as long as the device answers. A request that fails for lack of an answer
 * ({@link Quality#BAD_COMM}) gives the bus up and is retried after an exponential back-off (the wait happens on the
 * scheduler and the retry queues behind other devices' work); once its tries are used up the rest of the cycle is
 * abandoned with BAD_COMM, so a silent device costs at most {@code (retries + 1) x timeout} of bus time per cycle.
 * Exception responses are final and not retried; they prove the device is alive.
 * <p>
 * {@code offlineAfter} consecutive cycles without any answer put the device {@link DeviceState#OFFLINE}: one
 * {@link Quality#BAD_OFFLINE} reading is published per channel, the regular ticks stop sending, and a single small
 * request without retries probes the device every {@code offlinePoll}. The first answer brings it back
 * {@link DeviceState#ONLINE} and polls every group at once.
 */
public final class DevicePoller {
    private static final Logger LOG = LoggerFactory.getLogger(DevicePoller.class);

    private final String deviceId;
    private final String profileRef;
    private final List<ChannelSpec> channels;
    private final List<PollGroup> groups;
    private final PollerSettings settings;
    private final ModbusBus bus;
    private final ScheduledExecutorService scheduler;
    private final ReadingSink sink;
    private final ReadRequest probe;

    private final List<GroupState> groupStates = new ArrayList<>();
    private final AtomicBoolean probeInFlight = new AtomicBoolean();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong cycles = new AtomicLong();

    private volatile boolean stopped;
    private volatile String lastError;
    // guarded by this
    private DeviceState state = DeviceState.STARTING;
    private Instant since = Instant.now();
    private int failedCycles;
    private ScheduledFuture<?> probeFuture;

    private final class GroupState {
        final PollGroup group;
        final AtomicBoolean inFlight = new AtomicBoolean();
        ScheduledFuture<?> future;

        GroupState(PollGroup group) {
            this.group = group;
        }
    }

    private final class Cycle {
        final List<ReadRequest> requests;
        final AtomicBoolean flag;
        final boolean isProbe;
        int index;
        int attempt;
        boolean answered;

        Cycle(List<ReadRequest> requests, AtomicBoolean flag, boolean isProbe) {
            this.requests = requests;
            this.flag = flag;
            this.isProbe = isProbe;
        }
    }

    public DevicePoller(String deviceId, String profileRef, List<ChannelSpec> channels, PollerSettings settings,
            ModbusBus bus, ScheduledExecutorService scheduler, ReadingSink sink) {
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("device " + deviceId + " has no Modbus channels");
        }
        this.deviceId = deviceId;
        this.profileRef = profileRef;
        this.channels = List.copyOf(channels);
        this.settings = settings;
        this.bus = bus;
        this.scheduler = scheduler;
        this.sink = sink;
        this.groups = PollPlanner.groups(this.channels, settings.coalesceGap());
        ChannelSpec first = groups.get(0).requests().get(0).channels().get(0);
        ModbusSource s = ReadRequest.source(first);
        this.probe = new ReadRequest(s.table(), s.address(), s.length(), List.of(first));
        groups.forEach(g -> groupStates.add(new GroupState(g)));
    }

    /** Starts polling every group now and then at its interval. */
    public synchronized void start() {
        for (GroupState gs : groupStates) {
            long period = Math.max(1, gs.group.interval().toMillis());
            gs.future = scheduler.scheduleAtFixedRate(() -> tick(gs), 0, period, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops polling; queued requests of this device are dropped without publishing. */
    public synchronized void stop() {
        stopped = true;
        groupStates.forEach(gs -> {
            if (gs.future != null) {
                gs.future.cancel(false);
            }
        });
        if (probeFuture != null) {
            probeFuture.cancel(false);
        }
    }

    public List<PollGroup> groups() {
        return groups;
    }

    public int requestCount() {
        return groups.stream().mapToInt(g -> g.requests().size()).sum();
    }

    /** Ticks skipped because the group's previous cycle had not finished. */
    public long skippedCycles() {
        return skipped.get();
    }

    /** Cycles started (not counting probes). */
    public long cycles() {
        return cycles.get();
    }

    public synchronized DeviceState state() {
        return state;
    }

    public DeviceStatus status() {
        synchronized (this) {
            return new DeviceStatus(deviceId, profileRef, state, since, requests.get(), failures.get(), lastError);
        }
    }

    private void tick(GroupState gs) {
        if (stopped || state() == DeviceState.OFFLINE) {
            return;
        }
        if (!gs.inFlight.compareAndSet(false, true)) {
            long n = skipped.incrementAndGet();
            LOG.debug("device {}: {} poll skipped, previous cycle still busy ({} skipped so far)", deviceId,
                    gs.group.interval(), n);
            return;
        }
        cycles.incrementAndGet();
        Cycle c = new Cycle(gs.group.requests(), gs.inFlight, false);
        if (!bus.submit(() -> step(c))) {
            gs.inFlight.set(false);
        }
    }

    private void startProbe() {
        if (stopped || state() != DeviceState.OFFLINE || !probeInFlight.compareAndSet(false, true)) {
            return;
        }
        Cycle c = new Cycle(List.of(probe), probeInFlight, true);
        if (!bus.submit(() -> step(c))) {
            probeInFlight.set(false);
        }
    }

    /**
     * Sends the cycle's remaining requests back to back while the device answers; runs on the bus worker. A request
     * that gets no answer gives the bus up: its retry is queued again after the back-off, behind other devices' work.
     */
    private void step(Cycle c) {
        while (c.index < c.requests.size()) {
            if (stopped || (!c.isProbe && state() == DeviceState.OFFLINE)) {
                c.flag.set(false);
                return;
            }
            ReadRequest r = c.requests.get(c.index);
            Instant time = Instant.now();
            requests.incrementAndGet();
            try {
                Object data = bus.link().read(settings.unitId(), r, settings.timeoutMillis());
                c.answered = true;
                publish(ResponseDecoder.decode(deviceId, r, data, time));
            } catch (ModbusLinkException e) {
                failures.incrementAndGet();
                lastError = e.getMessage();
                if (e.deviceAnswered()) {
                    c.answered = true;
                    LOG.debug("device {}: {} -> {}", deviceId, r, e.getMessage());
                    publish(ResponseDecoder.failed(deviceId, r, time, e.quality()));
                } else if (!c.isProbe && c.attempt < settings.retries()) {
                    c.attempt++;
                    Duration wait = settings.backoffBefore(c.attempt);
                    LOG.debug("device {}: {} failed ({}), retry {} in {} ms", deviceId, r, e.getMessage(), c.attempt,
                            wait.toMillis());
                    retryLater(c, wait);
                    return;
                } else {
                    LOG.debug("device {}: {} failed ({})", deviceId, r, e.getMessage());
                    if (!c.isProbe && state() != DeviceState.OFFLINE) {
                        // the device is not answering: give up on the rest of this cycle
                        for (int i = c.index; i < c.requests.size(); i++) {
                            publish(ResponseDecoder.failed(deviceId, c.requests.get(i), time, e.quality()));
                        }
                    }
                    finish(c);
                    return;
                }
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                lastError = e.toString();
                LOG.error("device {}: {} failed", deviceId, r, e);
                publish(ResponseDecoder.failed(deviceId, r, time, Quality.BAD_COMM));
            }
            c.attempt = 0;
            c.index++;
        }
        finish(c);
    }

    private void retryLater(Cycle c, Duration wait) {
        try {
            scheduler.schedule(() -> {
                if (!bus.submit(() -> step(c))) {
                    c.flag.set(false);
                }
            }, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) { // scheduler shut down
            c.flag.set(false);
        }
    }

    private void finish(Cycle c) {
        c.flag.set(false);
        if (stopped) {
            return;
        }
        if (c.answered) {
            onAnswered();
        } else {
            onNoAnswer();
        }
    }

    private void onAnswered() {
        DeviceState previous;
        synchronized (this) {
            failedCycles = 0;
            previous = state;
            if (previous == DeviceState.ONLINE) {
                return;
            }
            state = DeviceState.ONLINE;
            since = Instant.now();
            if (probeFuture != null) {
                probeFuture.cancel(false);
                probeFuture = null;
            }
        }
        if (previous == DeviceState.OFFLINE) {
            LOG.info("device {}: back online over {} unit {}", deviceId, bus.describe(), settings.unitId());
            groupStates.forEach(gs -> scheduler.execute(() -> tick(gs)));
        } else {
            LOG.info("device {}: online over {} unit {}", deviceId, bus.describe(), settings.unitId());
        }
    }

    private void onNoAnswer() {
        int n;
        synchronized (this) {
            if (state == DeviceState.OFFLINE) {
                return; // a probe failed; keep probing
            }
            n = ++failedCycles;
            if (n < settings.offlineAfter()) {
                return;
            }
            state = DeviceState.OFFLINE;
            since = Instant.now();
            long period = settings.offlinePoll().toMillis();
            probeFuture = scheduler.scheduleWithFixedDelay(this::startProbe, period, period, TimeUnit.MILLISECONDS);
        }
        LOG.warn("device {}: offline after {} poll cycles without answer over {} unit {} ({}); probing every {} ms",
                deviceId, n, bus.describe(), settings.unitId(), lastError, settings.offlinePoll().toMillis());
        publish(ResponseDecoder.failed(deviceId, channels, Instant.now(), Quality.BAD_OFFLINE));
    }

    private void publish(List<Reading> readings) {
        if (stopped || readings.isEmpty()) {
            return;
        }
        try {
            sink.publish(readings);
        } catch (RuntimeException e) {
            LOG.warn("device {}: reading sink failed on {} readings", deviceId, readings.size(), e);
        }
    }
}
