package org.hanedge.simulators.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.hanedge.contract.config.ConfigDocumentException;
import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.config.ConfigError;
import org.hanedge.contract.config.ConfigStatus;
import org.hanedge.contract.config.DesiredConfig;
import org.hanedge.contract.config.ReportedConfig;

/**
 * What one virtual gateway makes of {@code config/desired}: the observable protocol of the real configuration agent
 * (docs/remote-config.md, "The gateway's agent") without a site to change. A version at or below the highest handled
 * one (or the one being applied) is ignored; a document the contract's reader refuses, one naming another gateway,
 * without {@code uplink} or carrying the credential is {@code REJECTED} with its errors by field; any other is reported
 * {@code APPLYING}, then after the apply delay {@code APPLIED} ({@code lastGood} = its version) or, for the gateways
 * the failure share picks, {@code ROLLED_BACK} with the real agent's error for a device that does not answer, the last
 * good kept. A version arriving while one is applied waits for its verdict (the newest waiting wins). The last report
 * is published again on every connect. State lives in memory only: a restarted virtual fleet starts at version 0.
 */
final class ConfigResponder {
    /** The fleet's settings: the share of (gateway, version) pairs that roll back, and the apply delay's range. */
    record Settings(double failureShare, Duration applyMin, Duration applyMax) {
        static final Settings DEFAULT = new Settings(0, Duration.ofMillis(100), Duration.ofMillis(500));

        Settings {
            if (!(failureShare >= 0 && failureShare <= 1)) {
                throw new IllegalArgumentException("config failure share must be 0..1, got " + failureShare);
            }
            if (applyMin.isNegative() || applyMax.compareTo(applyMin) < 0) {
                throw new IllegalArgumentException("apply delay must be 0 <= min <= max, got " + applyMin + ".."
                        + applyMax);
            }
        }

        /**
         * Whether this gateway's apply of this version fails: a hash of both, so every run picks the same pairs and
         * a new version of a failed gateway may succeed.
         */
        boolean fails(String gatewayId, long version) {
            if (failureShare <= 0) {
                return false;
            }
            long h = (gatewayId + "#" + version).hashCode() * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 32;
            return (h >>> 11) * 0x1.0p-53 < failureShare;
        }
    }

    /** What the gateway has handled, for tests and the fleet's report. */
    record State(long handled, long lastGood, ConfigStatus lastStatus, long lastVersion) {
    }

    private static final String[] CREDENTIAL = {"username", "password", "tls"};

    private final String gatewayId;
    private final String deviceId;
    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    private final Consumer<byte[]> publisher;

    // guarded by this
    private long handled;
    private long lastGood;
    private DesiredConfig applying;
    private DesiredConfig waiting;
    private ReportedConfig lastReport;
    private byte[] lastReportBytes;

    /**
     * @param publisher publishes one report (retained, QoS 1) when connected; a report it cannot send now goes out on
     *                  the next connect
     */
    ConfigResponder(String gatewayId, String deviceId, Settings settings, ScheduledExecutorService scheduler,
            Consumer<byte[]> publisher) {
        this.gatewayId = gatewayId;
        this.deviceId = deviceId;
        this.settings = settings;
        this.scheduler = scheduler;
        this.publisher = publisher;
    }

    /** A message on the gateway's {@code config/desired}. */
    void onDesired(byte[] payload) {
        if (payload.length == 0) {
            return; // a cleared retained document
        }
        DesiredConfig d;
        try {
            d = ConfigDocuments.readDesired(payload);
        } catch (ConfigDocumentException e) {
            synchronized (this) {
                if (e.version() > handled && (applying == null || e.version() > applying.version())) {
                    reject(e.version(), List.of(e.toError()));
                }
            }
            return;
        }
        synchronized (this) {
            if (d.version() <= handled || applying != null && d.version() <= applying.version()) {
                return; // redelivered, replayed or older: already handled
            }
            if (applying != null) {
                if (waiting == null || d.version() > waiting.version()) {
                    waiting = d;
                }
                return;
            }
            handle(d);
        }
    }

    /** A session is up: the last report goes out again. */
    void onConnected() {
        byte[] r;
        synchronized (this) {
            r = lastReportBytes;
        }
        if (r != null) {
            publisher.accept(r);
        }
    }

    synchronized State state() {
        return new State(handled, lastGood, lastReport == null ? null : lastReport.status(),
                lastReport == null ? 0 : lastReport.version());
    }

    /** Holds the lock. */
    private void handle(DesiredConfig d) {
        List<ConfigError> errors = check(d.site());
        if (!errors.isEmpty()) {
            reject(d.version(), errors);
            return;
        }
        applying = d;
        report(ConfigStatus.APPLYING, d.version(), List.of(), lastGood);
        long min = settings.applyMin().toNanos();
        long max = settings.applyMax().toNanos();
        long delay = max > min ? ThreadLocalRandom.current().nextLong(min, max + 1) : min;
        try {
            scheduler.schedule(() -> verdict(d), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            // the fleet stops: the version stays APPLYING, as a gateway stopped inside its window
        }
    }

    private synchronized void verdict(DesiredConfig d) {
        if (applying != d) {
            return;
        }
        applying = null;
        handled = d.version();
        if (settings.fails(gatewayId, d.version())) {
            String device = firstDevice(d.site());
            report(ConfigStatus.ROLLED_BACK, d.version(), List.of(new ConfigError("devices[0]", "device " + device
                    + " does not answer: 12 of 12 requests failed (last error: Modbus exception 11 (gateway target "
                    + "failed to respond))")), lastGood);
        } else {
            lastGood = d.version();
            report(ConfigStatus.APPLIED, d.version(), List.of(), lastGood);
        }
        DesiredConfig next = waiting;
        waiting = null;
        if (next != null && next.version() > handled) {
            handle(next);
        }
    }

    /** The checks of the site document the real gateway makes before its parser (gw-site's LocalFields). */
    private List<ConfigError> check(Map<String, Object> site) {
        List<ConfigError> errors = new ArrayList<>();
        if (site.get("gateway") instanceof Map<?, ?> g && g.get("id") != null && !gatewayId.equals(g.get("id"))) {
            errors.add(new ConfigError("gateway.id", "'" + g.get("id") + "' is not this gateway ('" + gatewayId
                    + "')"));
        }
        Object uplink = site.get("uplink");
        if (uplink == null) {
            errors.add(new ConfigError("uplink", "is required in a pushed configuration (without it the gateway "
                    + "would be cut off from the fleet)"));
        } else if (uplink instanceof Map<?, ?> u) {
            for (String k : CREDENTIAL) {
                if (u.containsKey(k)) {
                    errors.add(new ConfigError("uplink." + k, "is never pushed: the credential stays in the "
                            + "gateway's site file"));
                }
            }
        } else {
            errors.add(new ConfigError("uplink", "must be a mapping"));
        }
        return errors;
    }

    private String firstDevice(Map<String, Object> site) {
        if (site.get("devices") instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> m
                && m.get("id") instanceof String id) {
            return id;
        }
        return deviceId;
    }

    /** Holds the lock. */
    private void reject(long version, List<ConfigError> errors) {
        handled = Math.max(handled, version);
        report(ConfigStatus.REJECTED, version, errors, lastGood);
    }

    /** Holds the lock: the publish itself is asynchronous. */
    private void report(ConfigStatus status, long version, List<ConfigError> errors, long good) {
        lastReport = new ReportedConfig(gatewayId, version, status, errors, good,
                Instant.ofEpochMilli(System.currentTimeMillis())); // ms, as the server keeps it
        lastReportBytes = ConfigDocuments.write(lastReport);
        publisher.accept(lastReportBytes);
    }
}
