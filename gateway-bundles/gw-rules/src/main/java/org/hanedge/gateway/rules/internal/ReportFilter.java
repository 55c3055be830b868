package org.hanedge.gateway.rules.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.Reporting;

/**
 * Report-by-exception for ONE channel of one device: decides which samples go to the outbox. Not thread-safe (the
 * owner serialises calls); no clock of its own: samples carry their time and {@link #tick(Instant)} is given one.
 *
 * <ul>
 *   <li>The first sample is always reported (on a windowed channel: the first window's aggregate), and so is every
 *       sample whose quality differs from the last reported one (GOOD → BAD_COMM and back), windowed or not.</li>
 *   <li>{@link Reporting#everySample()} (deadband 0, no onChange, no window): every sample.</li>
 *   <li>Numbers: reported when {@code |v - last reported| > deadband} (with a relative tolerance of 1e-9 for
 *       binary rounding); with {@code onChange}, on any change. NaN
 *       counts as a change against a number.</li>
 *   <li>Booleans and text: on change.</li>
 *   <li>Heartbeat: a sample is reported when the last report is {@code heartbeat} or more older than it. Besides,
 *       {@link #tick(Instant)} re-reports the latest sample's value and quality, dated {@code now}, once the last
 *       report is older than {@code heartbeat + grace} although no sample came to do it — that is for channels
 *       that only publish on an event (GPIO inputs and outputs, streamed serial values). The grace (the channel's
 *       poll interval) gives a polled channel's own next sample the first chance.</li>
 *   <li>Window: numeric samples are aggregated per window aligned to the epoch ({@code [k·w, (k+1)·w)}); when a
 *       sample of a later window arrives, or {@code tick} sees {@code now >= end + grace}, the window reports its
 *       average under the channel's name and {@code <name>_min}/{@code <name>_max}, dated at the window's end. A
 *       late sample (older than the last window closed) goes into the next window. No heartbeat: every window
 *       with samples reports.</li>
 * </ul>
 */
public final class ReportFilter {
    private Reporting reporting;
    private final Duration grace;
    private Reading lastReported;
    private Reading lastSample;
    private WindowAggregate window;
    private Instant closedUntil = Instant.MIN;

    /**
     * @param reporting the channel's rule
     * @param grace     how much longer than the heartbeat (and the window's end) {@link #tick} waits for a sample
     */
    public ReportFilter(Reporting reporting, Duration grace) {
        this.reporting = Objects.requireNonNull(reporting, "reporting");
        this.grace = grace == null ? Duration.ZERO : grace;
    }

    public Reporting reporting() {
        return reporting;
    }

    /**
     * Takes a new rule (profile reloaded); the last reported value is kept, so the deadband continues from it. An
     * open window is closed and its aggregate returned when the window setting changed.
     */
    public List<Reading> reconfigure(Reporting next) {
        List<Reading> out = List.of();
        if (!Objects.equals(next.window(), reporting.window()) && window != null) {
            out = close();
        }
        reporting = next;
        return out;
    }

    /** The readings to report because of this sample (none, the sample, or a closed window's aggregate first). */
    public List<Reading> offer(Reading r) {
        lastSample = r;
        if (reporting.window() != null) {
            return offerWindowed(r);
        }
        if (lastReported == null || r.quality() != lastReported.quality() || reporting.everySample()
                || changed(r) || heartbeatDue(r.time())) {
            lastReported = r;
            return List.of(r);
        }
        return List.of();
    }

    /** Heartbeats and window ends that are due at {@code now} without a new sample. */
    public List<Reading> tick(Instant now) {
        if (reporting.window() != null) {
            if (window != null && !now.isBefore(window.end().plus(grace))) {
                return close();
            }
            return List.of();
        }
        Duration hb = reporting.heartbeat();
        if (hb == null || lastReported == null || lastSample == null
                || now.isBefore(lastReported.time().plus(hb).plus(grace))) {
            return List.of();
        }
        Reading again = new Reading(lastSample.deviceId(), lastSample.channel(), lastSample.value(),
                lastSample.unit(), now, lastSample.quality());
        lastReported = again;
        lastSample = again;
        return List.of(again);
    }

    private List<Reading> offerWindowed(Reading r) {
        List<Reading> out = new ArrayList<>(4);
        Instant t = r.time();
        if (window != null && !t.isBefore(window.end())) {
            out.addAll(close());
        }
        boolean qualityChanged = lastReported == null ? !r.quality().hasValue()
                : r.quality() != lastReported.quality();
        if (!(r.value() instanceof Double)) {
            // no value to aggregate (or a non-numeric value): only a change of quality is news
            if (qualityChanged || lastReported == null) {
                out.addAll(close());
                out.add(r);
                lastReported = r;
            }
            return out;
        }
        if (qualityChanged) {
            out.add(r);
            lastReported = r;
        }
        if (window == null) {
            Instant at = t.isBefore(closedUntil) ? closedUntil : t;
            window = WindowAggregate.containing(r, at, reporting.window().toMillis());
        }
        window.add(r);
        return out;
    }

    private List<Reading> close() {
        if (window == null) {
            return List.of();
        }
        List<Reading> out = window.close();
        closedUntil = window.end();
        window = null;
        if (!out.isEmpty()) {
            lastReported = out.get(0);
        }
        return out;
    }

    private boolean changed(Reading r) {
        Object v = r.value();
        Object last = lastReported.value();
        if (v instanceof Double d && last instanceof Double l) {
            if (reporting.onChange() || reporting.deadband() <= 0) {
                return Double.compare(d, l) != 0;
            }
            if (d.isNaN() || l.isNaN()) {
                return d.isNaN() != l.isNaN();
            }
            // a relative tolerance, so that a scaled register value exactly one deadband away (1.02 - 1.00 is
            // 0.020000000000000018 in binary) does not count as beyond it
            return Math.abs(d - l) > reporting.deadband() * (1 + 1e-9);
        }
        return !Objects.equals(v, last);
    }

    private boolean heartbeatDue(Instant t) {
        Duration hb = reporting.heartbeat();
        return hb != null && !t.isBefore(lastReported.time().plus(hb));
    }
}
