package org.hanedge.gateway.rules.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.Reporting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This site's deadbands in place of its profiles' (site config {@code rules.deadbands}, Config Admin
 * {@code deadband.overrides} entries {@code device/channel=deadband}): the profiles' channels as report-by-exception
 * sees them. A windowed channel keeps its window (a window replaces report-by-exception, so a deadband has no
 * meaning there). Replaced at run time with {@link #set}; thread-safe.
 */
final class DeadbandOverrides implements ChannelLookup {
    private static final Logger LOG = LoggerFactory.getLogger(DeadbandOverrides.class);

    private final ChannelLookup profiles;
    private volatile Map<String, Double> deadbands = Map.of();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(ChannelSpec profile, double deadband, ChannelSpec site) {
    }

    DeadbandOverrides(ChannelLookup profiles) {
        this.profiles = profiles;
    }

    /** Replaces the overrides; an entry that is not {@code device/channel=number >= 0} is logged and skipped. */
    void set(String[] entries) {
        Map<String, Double> next = new HashMap<>();
        for (String e : entries == null ? new String[0] : entries) {
            int eq = e.lastIndexOf('=');
            int slash = e.indexOf('/');
            try {
                double d = eq < 0 ? Double.NaN : Double.parseDouble(e.substring(eq + 1));
                if (slash <= 0 || slash > eq || !(d >= 0) || Double.isInfinite(d)) {
                    throw new NumberFormatException();
                }
                next.put(e.substring(0, eq), d);
            } catch (NumberFormatException x) {
                LOG.warn("deadband override '{}' ignored: not device/channel=deadband (a number of at least 0)", e);
            }
        }
        if (!next.equals(deadbands)) {
            LOG.info("deadband overrides: {}", next.isEmpty() ? "none (the profiles' deadbands)" : next);
        }
        deadbands = Map.copyOf(next);
    }

    Map<String, Double> deadbands() {
        return deadbands;
    }

    @Override
    public Optional<ChannelSpec> channel(String deviceId, String channel) {
        Optional<ChannelSpec> spec = profiles.channel(deviceId, channel);
        String key = deviceId + '/' + channel;
        Double deadband = deadbands.get(key);
        if (deadband == null || spec.isEmpty()) {
            return spec;
        }
        ChannelSpec p = spec.get();
        Reporting r = p.reporting() == null ? Reporting.EVERY_SAMPLE : p.reporting();
        if (r.window() != null) {
            return spec;
        }
        Cached c = cache.get(key);
        if (c == null || c.profile != p || c.deadband != deadband) {
            ChannelSpec site = new ChannelSpec(p.name(), p.description(), p.unit(), p.kind(), p.source(), p.poll(),
                    new Reporting(deadband, r.onChange(), r.heartbeat(), null), p.alarms(), p.lwm2m(), p.precision());
            c = new Cached(p, deadband, site);
            cache.put(key, c);
        }
        return Optional.of(c.site);
    }
}
