package org.hanedge.simulators.fleet;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.hanedge.contract.mqtt.TelemetryForm;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.sites.GatewayCredential;

import com.hivemq.client.mqtt.MqttClientExecutorConfig;

/**
 * A fleet of virtual gateways speaking the real uplink contract (docs/uplink.md) to one MQTT broker: the demo city
 * and load tests.
 * All clients share one netty event loop group ({@code nettyThreads} threads) and one small scheduler; there is no
 * thread per gateway.
 *
 * <pre>{@code
 * VirtualFleet fleet = VirtualFleet.builder()
 *         .broker("127.0.0.1", 1883)
 *         .gateways(CredentialsFile.load(Path.of("gateways.csv"), "lake", 10_000))
 *         .profiles(Path.of("device-profiles"))
 *         .readingsPerSecond(3).publishInterval(Duration.ofSeconds(1))
 *         .connectRate(500).format(TelemetryForm.JSON)
 *         .build();
 * fleet.start();                     // returns at once; gateways connect at connectRate per second
 * FleetSnapshot s = fleet.stats();   // any time, from any thread
 * fleet.stop(Duration.ofSeconds(5)); // or close()
 * }</pre>
 *
 * Each gateway takes one pack every {@code publishInterval} of {@code round(readingsPerSecond * interval)} records
 * (at least one), with per-gateway sequence numbers from {@code firstSeq} up, one per record, never reused within a
 * run, and the time it was taken. Packs wait in a bounded per-gateway backlog ({@code backlogLimit} packs, drop-oldest)
 * and are published oldest first while the gateway is connected; a pack that is not acknowledged (connection lost,
 * PUBACK error) is sent again with the same seqs after the reconnect. So across an outage no reading is lost unless
 * the backlog overflowed ({@link FleetSnapshot#readingsDropped()}); some may arrive twice (the server dedups by
 * (gateway, seq)). {@link #report()} tells per gateway what was taken and what became of it.
 *
 * <p>The values are site-specific and come from the field-device simulators' models ({@link SiteValues}): each
 * gateway is a site of its profile's kind, seeded from its id, whose models are stepped when it makes a pack (no thread
 * per gateway): lakes and pump stations follow their daily curves, waste trucks drive their collection round and
 * fishing boats their trips (each at its own point of the route, some boats in harbour), intersections count traffic.
 * {@link Builder#speed} runs the sites' simulated time faster than the wall clock, {@link Builder#storm} brings a storm
 * that fills the pump stations' wet wells.
 */
public final class VirtualFleet implements AutoCloseable {
    private final String host;
    private final int port;
    private final List<GatewayCredential> credentials;
    private final Map<String, DeviceProfile> profiles;
    private final Map<String, SiteProfile> sites;
    private final double speed;
    private final boolean storm;
    private final VirtualGateway.Load load;
    private final double connectRate;
    private final int nettyThreads;
    private final int schedulerThreads;
    private final long seed;
    private final FleetStats stats;
    private final ConfigResponder.Settings configSettings;

    private final List<VirtualGateway> gateways = new ArrayList<>();
    private ExecutorService nettyExecutor;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> ramp;
    private boolean started;
    private boolean stopped;

    private VirtualFleet(Builder b, Map<String, DeviceProfile> profiles, Map<String, SiteProfile> sites) {
        this.host = b.host;
        this.port = b.port;
        this.credentials = List.copyOf(b.gateways);
        this.profiles = profiles;
        this.sites = sites;
        this.speed = b.speed;
        this.storm = b.storm;
        int records = (int) Math.max(1, Math.round(b.readingsPerSecond * b.interval.toNanos() / 1e9));
        this.load = new VirtualGateway.Load(records, b.interval, b.maxInFlight, b.format, b.firstSeq, b.firmware,
                b.backfillFrom, b.backfillStep, b.backlogLimit);
        this.connectRate = b.connectRate;
        this.nettyThreads = b.nettyThreads;
        this.schedulerThreads = b.schedulerThreads;
        this.seed = b.seed;
        this.stats = new FleetStats(credentials.size());
        this.configSettings = new ConfigResponder.Settings(b.configFailureShare, b.applyMin, b.applyMax);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the clients and starts the connect ramp ({@code connectRate} CONNECTs per second, in list order);
     * returns at once. A fleet starts once.
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("a virtual fleet starts once");
        }
        started = true;
        nettyExecutor = Executors.newFixedThreadPool(nettyThreads, daemon("hanedge-fleet-netty"));
        scheduler = Executors.newScheduledThreadPool(schedulerThreads, daemon("hanedge-fleet-tick"));
        MqttClientExecutorConfig executors = MqttClientExecutorConfig.builder()
                .nettyExecutor(nettyExecutor).nettyThreads(nettyThreads).build();
        Instant now = Instant.now();
        SiteTime time = load.backfillStep() > 0 ? SiteTime.backfill(load.backfillFrom(), storm)
                : SiteTime.live(speed, storm);
        for (GatewayCredential c : credentials) {
            DeviceProfile p = profiles.get(c.profile());
            SiteValues values = new SiteValues(sites.get(c.profile()), time, c.gatewayId(), seed);
            gateways.add(new VirtualGateway(c, host, port, executors, values, p.version(), FleetPrecisions.of(p), now,
                    load, stats, scheduler, configSettings));
        }
        long tickNanos = 10_000_000; // 10 ms
        double perTick = connectRate * tickNanos / 1e9;
        int[] next = {0};
        double[] tokens = {1}; // the first gateway connects at once
        ramp = scheduler.scheduleAtFixedRate(() -> {
            tokens[0] = Math.min(tokens[0] + perTick, Math.max(1, perTick));
            while (tokens[0] >= 1 && next[0] < gateways.size()) {
                tokens[0] -= 1;
                gateways.get(next[0]++).connect();
            }
            if (next[0] >= gateways.size()) {
                throw new RampDone(); // ends this periodic task
            }
        }, 0, tickNanos, TimeUnit.NANOSECONDS);
    }

    /** Thrown to end the ramp task (a periodic task ends when it throws). */
    private static final class RampDone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RampDone() {
            super(null, null, false, false);
        }
    }

    /** A consistent-enough view of the counters; callable from any thread at any time. */
    public FleetSnapshot stats() {
        return stats.snapshot();
    }

    /** The gateways of this fleet, in connect order. */
    public List<GatewayCredential> gateways() {
        return credentials;
    }

    /**
     * Per gateway (connect order): the highest configuration version handled, the last good one, and the status and
     * version of its last {@code config/reported}; empty before {@link #start()}.
     */
    public Map<String, ConfigState> configStates() {
        List<VirtualGateway> list;
        synchronized (this) {
            list = List.copyOf(gateways);
        }
        Map<String, ConfigState> out = new java.util.LinkedHashMap<>();
        for (VirtualGateway g : list) {
            ConfigResponder.State s = g.configState();
            out.put(g.id(), new ConfigState(s.handled(), s.lastGood(), s.lastStatus(), s.lastVersion()));
        }
        return out;
    }

    /**
     * What one virtual gateway made of its pushed configurations.
     *
     * @param handled     the highest version handled (applied, rolled back or rejected); 0: none
     * @param lastGood    the last version applied; 0: none
     * @param lastStatus  the status of its last report, null before the first
     * @param lastVersion the version of its last report
     */
    public record ConfigState(long handled, long lastGood, org.hanedge.contract.config.ConfigStatus lastStatus,
            long lastVersion) {
    }

    /** Records per telemetry pack. */
    public int recordsPerPack() {
        return load.recordsPerPack();
    }

    /**
     * Per gateway, in connect order: the seqs taken and what became of them (acknowledged, in flight, in the backlog,
     * dropped). Callable from any thread at any time, before, during and after the run.
     */
    public List<GatewayReport> report() {
        List<VirtualGateway> list;
        synchronized (this) {
            list = List.copyOf(gateways);
        }
        if (list.isEmpty()) { // not started: nothing taken
            return credentials.stream().map(c -> new GatewayReport(c.gatewayId(), load.firstSeq(), load.firstSeq(),
                    0, 0, 0, 0, 0)).toList();
        }
        return list.stream().map(VirtualGateway::report).toList();
    }

    /**
     * Stops the ramp and the taking of readings, waits up to {@code grace} for the connected gateways' backlogs to
     * drain and the packs in flight to be acknowledged, then every connected gateway publishes its retained shutdown
     * state and disconnects normally. Whatever was not acknowledged then stays in {@link #report()}. Idempotent.
     */
    public void stop(Duration grace) {
        synchronized (this) {
            if (!started || stopped) {
                stopped = true;
                return;
            }
            stopped = true;
        }
        ramp.cancel(false);
        gateways.forEach(VirtualGateway::stopPublishing);
        long deadline = System.nanoTime() + grace.toNanos();
        while (gateways.stream().anyMatch(VirtualGateway::draining) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<CompletableFuture<Void>> done = gateways.stream().map(VirtualGateway::shutdown).toList();
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(
                    Math.max(5, grace.toSeconds()) + 10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // some clients did not disconnect in time; the executors are shut down anyway
        }
        scheduler.shutdownNow();
        nettyExecutor.shutdown(); // netty's event loops end once the last client has released them
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Settings of a fleet; {@link #build()} checks them and loads the profiles. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 1883;
        private final List<GatewayCredential> gateways = new ArrayList<>();
        private Path profileDir = Path.of("device-profiles");
        private final Map<String, DeviceProfile> givenProfiles = new HashMap<>();
        private double readingsPerSecond = 1;
        private Duration interval = Duration.ofSeconds(1);
        private double connectRate = 500;
        private TelemetryForm format = TelemetryForm.JSON;
        private int maxInFlight = 10;
        private long firstSeq = 1;
        private int nettyThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int schedulerThreads = Math.max(2, Runtime.getRuntime().availableProcessors() / 2);
        private String firmware = "0.1.0-virtual";
        private long backfillFrom;
        private long backfillStep;
        private long seed = 1;
        private double speed = 1;
        private boolean storm;
        private int backlogLimit = VirtualGateway.Load.DEFAULT_BACKLOG_LIMIT;
        private double configFailureShare = ConfigResponder.Settings.DEFAULT.failureShare();
        private Duration applyMin = ConfigResponder.Settings.DEFAULT.applyMin();
        private Duration applyMax = ConfigResponder.Settings.DEFAULT.applyMax();

        private Builder() {
        }

        public Builder broker(String host, int port) {
            this.host = host;
            this.port = port;
            return this;
        }

        /** {@code tcp://host:port} (or {@code mqtt://}); the port defaults to 1883. TLS is not supported. */
        public Builder broker(String uri) throws FleetConfigException {
            URI u;
            try {
                u = URI.create(uri.trim());
            } catch (IllegalArgumentException e) {
                throw new FleetConfigException("bad broker URI '" + uri + "' (use tcp://host:port)");
            }
            if (!("tcp".equals(u.getScheme()) || "mqtt".equals(u.getScheme())) || u.getHost() == null) {
                throw new FleetConfigException("bad broker URI '" + uri + "' (use tcp://host:port; TLS is not "
                        + "supported by the virtual fleet)");
            }
            return broker(u.getHost(), u.getPort() < 0 ? 1883 : u.getPort());
        }

        public Builder gateways(List<GatewayCredential> list) {
            gateways.addAll(list);
            return this;
        }

        public Builder gateway(GatewayCredential c) {
            gateways.add(c);
            return this;
        }

        /** Where {@code <profile>.yaml} files are read from (default {@code device-profiles}). */
        public Builder profiles(Path dir) {
            this.profileDir = dir;
            return this;
        }

        /** A profile given directly (not read from the profile directory). */
        public Builder profile(DeviceProfile profile) {
            givenProfiles.put(profile.id(), profile);
            return this;
        }

        /** Readings per second per gateway (default 1). */
        public Builder readingsPerSecond(double r) {
            this.readingsPerSecond = r;
            return this;
        }

        /** How often each gateway publishes a pack (default 1 s). */
        public Builder publishInterval(Duration d) {
            this.interval = d;
            return this;
        }

        /** New connections per second for the whole fleet (default 500). */
        public Builder connectRate(double perSecond) {
            this.connectRate = perSecond;
            return this;
        }

        public Builder format(TelemetryForm f) {
            this.format = f;
            return this;
        }

        /** Unacknowledged packs per gateway at most (default 10). */
        public Builder maxInFlight(int n) {
            this.maxInFlight = n;
            return this;
        }

        /**
         * Packs each gateway keeps while it cannot publish (default 5000); when full the oldest pack is dropped and
         * counted in {@link FleetSnapshot#readingsDropped()}.
         */
        public Builder backlogLimit(int packs) {
            this.backlogLimit = packs;
            return this;
        }

        /** Sequence number of each gateway's first record (default 1). */
        public Builder firstSeq(long seq) {
            this.firstSeq = seq;
            return this;
        }

        /** Netty event loop threads shared by all clients (default: the number of processors, at least 2). */
        public Builder nettyThreads(int n) {
            this.nettyThreads = n;
            return this;
        }

        /** Threads that tick gateways and encode packs (default: half the processors, at least 2). */
        public Builder schedulerThreads(int n) {
            this.schedulerThreads = n;
            return this;
        }

        /**
         * Backfill mode: the n-th pack of every gateway carries the time {@code from + n * step} (capped at now)
         * instead of its publish time, so a fleet publishing fast lays down history (for example 30 days at one
         * snapshot every 5 minutes).
         */
        public Builder backfill(java.time.Instant from, Duration step) {
            this.backfillFrom = from.toEpochMilli();
            this.backfillStep = step.toMillis();
            return this;
        }

        /** {@code firmware} in the birth (default {@code 0.1.0-virtual}). */
        public Builder firmware(String f) {
            this.firmware = f;
            return this;
        }

        /** Seed of the value generators (runs with the same seed send the same values). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * How much faster than the wall clock the sites' simulated time runs (default 1): the models (daily curves,
         * wet wells, routes, the storm) move {@code x} times faster; the records keep their real publish times.
         * Ignored in backfill mode, where the models run at the records' times.
         */
        public Builder speed(double x) {
            this.speed = x;
            return this;
        }

        /**
         * Storm scenario (default off): from the fleet's start, rain rises to its peak after 45 simulated minutes
         * and eases over the following hours; it runs off into the pump stations' wet wells, whose levels go above
         * their high limit at the peak (the float switch trips, the standby pump starts).
         */
        public Builder storm(boolean on) {
            this.storm = on;
            return this;
        }

        /**
         * The share (0..1, default 0) of pushed configurations that roll back: which (gateway, version) pairs fail is
         * a hash of both, the same in every run.
         */
        public Builder configFailureShare(double share) {
            this.configFailureShare = share;
            return this;
        }

        /** How long a pushed configuration takes to apply: uniformly random in {@code min..max} (default 100-500 ms). */
        public Builder configApplyDelay(Duration min, Duration max) {
            this.applyMin = min;
            this.applyMax = max;
            return this;
        }

        public VirtualFleet build() throws FleetConfigException {
            if (gateways.isEmpty()) {
                throw new FleetConfigException("no gateways given");
            }
            check(port > 0 && port < 65536, "broker port " + port + " is out of range");
            check(readingsPerSecond > 0 && Double.isFinite(readingsPerSecond),
                    "readings per second must be positive, got " + readingsPerSecond);
            check(interval.toMillis() >= 1, "publish interval must be at least 1 ms, got " + interval);
            check(connectRate > 0 && Double.isFinite(connectRate),
                    "connect rate must be positive, got " + connectRate);
            check(maxInFlight >= 1 && maxInFlight <= 65535, "max in-flight must be 1..65535, got " + maxInFlight);
            check(backlogLimit >= 1, "backlog limit must be at least 1 pack, got " + backlogLimit);
            check(firstSeq >= 0, "first sequence number must not be negative, got " + firstSeq);
            check(nettyThreads >= 1 && schedulerThreads >= 1, "thread counts must be at least 1");
            check(speed > 0 && Double.isFinite(speed), "speed must be positive, got " + speed);
            check(configFailureShare >= 0 && configFailureShare <= 1,
                    "config failure share must be 0..1, got " + configFailureShare);
            check(!applyMin.isNegative() && applyMax.compareTo(applyMin) >= 0,
                    "config apply delay must be 0 <= min <= max, got " + applyMin + ".." + applyMax);
            Set<String> ids = new HashSet<>();
            Set<String> needed = new HashSet<>();
            for (GatewayCredential c : gateways) {
                if (!ids.add(c.gatewayId())) {
                    throw new FleetConfigException("gateway " + c.gatewayId() + " is listed twice");
                }
                if (!givenProfiles.containsKey(c.profile())) {
                    needed.add(c.profile());
                }
            }
            Map<String, DeviceProfile> profiles = new HashMap<>(givenProfiles);
            if (!needed.isEmpty()) {
                profiles.putAll(ProfileDirectory.load(profileDir, needed));
            }
            Map<String, SiteProfile> sites = new HashMap<>();
            for (GatewayCredential c : gateways) {
                if (!sites.containsKey(c.profile())) {
                    DeviceProfile p = profiles.get(c.profile());
                    sites.put(c.profile(), new SiteProfile(p, ChannelValues.channelsOf(p)));
                }
            }
            return new VirtualFleet(this, profiles, sites);
        }

        private static void check(boolean ok, String message) throws FleetConfigException {
            if (!ok) {
                throw new FleetConfigException(message);
            }
        }
    }
}
