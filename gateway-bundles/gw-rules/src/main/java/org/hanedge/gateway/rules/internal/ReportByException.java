package org.hanedge.gateway.rules.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.Reporting;

/**
 * Report-by-exception for every channel of every device: one {@link ReportFilter} per device and channel, configured
 * from the channel's {@link Reporting} as the {@link ChannelLookup} finds it at the time (a reloaded profile applies
 * to the next sample, keeping the last reported value). A reading whose device or channel the lookup does not know
 * is passed through unchanged: nothing is dropped for want of a profile.
 *
 * <p>A plain class (no OSGi), thread-safe, usable on its own, for example to count what a simulated day of polls
 * would send: {@code new ReportByException(lookup, clock)}, then {@link #filter(List)} every poll's readings and
 * {@link #tick()} as time passes.
 */
public final class ReportByException {
    /** Least grace before a timer heartbeat or window end (see {@link ReportFilter}). */
    static final Duration MIN_GRACE = Duration.ofSeconds(1);

    private final ChannelLookup lookup;
    private final Clock clock;
    private final Map<String, ReportFilter> filters = new HashMap<>();

    public ReportByException(ChannelLookup lookup, Clock clock) {
        this.lookup = lookup;
        this.clock = clock;
    }

    /** The readings of a batch that are to be reported, in order. */
    public synchronized List<Reading> filter(List<Reading> batch) {
        List<Reading> out = new ArrayList<>(batch.size());
        for (Reading r : batch) {
            Optional<ChannelSpec> spec = lookup.channel(r.deviceId(), r.channel());
            if (spec.isEmpty()) {
                out.add(r);
                continue;
            }
            Reporting reporting = spec.get().reporting() == null ? Reporting.EVERY_SAMPLE : spec.get().reporting();
            String key = r.deviceId() + '/' + r.channel();
            ReportFilter f = filters.get(key);
            if (f == null) {
                f = new ReportFilter(reporting, grace(spec.get()));
                filters.put(key, f);
            } else if (!f.reporting().equals(reporting)) {
                out.addAll(f.reconfigure(reporting));
            }
            out.addAll(f.offer(r));
        }
        return out;
    }

    /** {@link #tick(Instant)} at the clock's time. */
    public List<Reading> tick() {
        return tick(clock.instant());
    }

    /**
     * Heartbeats and window ends due at {@code now}. Channels whose device or channel has left the profiles are
     * forgotten here.
     */
    public synchronized List<Reading> tick(Instant now) {
        List<Reading> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, ReportFilter>> it = filters.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, ReportFilter> e = it.next();
            String key = e.getKey();
            int slash = key.lastIndexOf('/');
            if (lookup.channel(key.substring(0, slash), key.substring(slash + 1)).isEmpty()) {
                it.remove();
                continue;
            }
            out.addAll(e.getValue().tick(now));
        }
        return out;
    }

    /** Channels being filtered. */
    public synchronized int size() {
        return filters.size();
    }

    private static Duration grace(ChannelSpec spec) {
        Duration poll = spec.poll();
        return poll != null && poll.compareTo(MIN_GRACE) > 0 ? poll : MIN_GRACE;
    }
}
