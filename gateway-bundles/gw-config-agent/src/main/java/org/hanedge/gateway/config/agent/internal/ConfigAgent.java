package org.hanedge.gateway.config.agent.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.hanedge.contract.config.ConfigDocumentException;
import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.config.ConfigError;
import org.hanedge.contract.config.ConfigStatus;
import org.hanedge.contract.config.DesiredConfig;
import org.hanedge.contract.config.ReportedConfig;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.site.SiteChange;
import org.hanedge.gateway.api.site.SiteConfigurator;
import org.hanedge.gateway.api.site.SiteProblem;
import org.hanedge.gateway.api.site.SiteRefusedException;
import org.hanedge.gateway.config.agent.internal.AgentState.Applied;
import org.hanedge.gateway.config.agent.internal.AgentState.Pending;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration agent's state machine, without OSGi. Every method runs on the agent's one thread (the component
 * posts events there, the {@link Timer} runs there), so there is no locking.
 *
 * <pre>
 * desired v arrives ── v ≤ handled (or = the one in its window) ──► ignored (idempotent), the last report repeated
 *     │ checked: site parser (gw-site) + carried profiles (gw-profile's parser, sha-256) + profiles
 *     ├── refused ──► REJECTED(v, errors), nothing applied, v handled
 *     ▼
 * marker "applying v" saved ─► APPLYING(v) ─► applied through gw-site ─► health window
 *     ├── healthy ──────────────► last good := v, marker cleared ─► APPLIED(v)
 *     └── window over, unhealthy ► last good applied again, marker cleared ─► ROLLED_BACK(v, problems)
 * start with a marker (killed mid-apply) ─► last good applied again ─► ROLLED_BACK(v, "interrupted")
 * start without one ─► last good applied again (Config Admin unchanged when it already holds it)
 * site file edited under a push ─► DRIFT(last good, fields that differ); edit undone ─► APPLIED(last good)
 * </pre>
 *
 * A desired version arriving during a health window waits for the verdict (the newest one waiting wins).
 */
final class ConfigAgent {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigAgent.class);

    private final SiteConfigurator site;
    private final StateStore store;
    private final HealthProbe health;
    private final Supplier<Collection<DeviceProfile>> profiles;
    private final Reporter reporter;
    private final Supplier<String> gatewayId;
    private final Supplier<AgentSettings> settings;
    private final Timer timer;
    private final LongSupplier nanos;
    private final Clock clock;

    private AgentState state = AgentState.INITIAL;
    private Window window; // the apply whose health window runs
    private DesiredConfig waiting; // arrived during the window

    /** An apply in its health window. */
    private record Window(DesiredConfig desired, SiteChange change, HealthProbe.Baseline before, long appliedAt,
            long deadline) {
    }

    ConfigAgent(SiteConfigurator site, StateStore store, HealthProbe health,
            Supplier<Collection<DeviceProfile>> profiles, Reporter reporter, Supplier<String> gatewayId,
            Supplier<AgentSettings> settings, Timer timer, LongSupplier nanos, Clock clock) {
        this.site = site;
        this.store = store;
        this.health = health;
        this.profiles = profiles;
        this.reporter = reporter;
        this.gatewayId = gatewayId;
        this.settings = settings;
        this.timer = timer;
        this.nanos = nanos;
        this.clock = clock;
    }

    AgentState state() {
        return state;
    }

    /** Whether a health window runs. */
    boolean applying() {
        return window != null;
    }

    /** Loads the state; finishes an apply a restart interrupted; puts the last good configuration in force. */
    void start() {
        try {
            state = store.load();
        } catch (StateStore.DamagedStateException e) {
            LOG.error("configuration agent state damaged ({}); starting from the site file as last good", e
                    .getMessage());
            try {
                LOG.error("damaged state kept as {}", store.moveAside());
            } catch (IOException x) {
                LOG.error("damaged state could not be moved aside: {}", x.toString());
            }
            state = AgentState.INITIAL;
        } catch (IOException e) {
            LOG.error("configuration agent state unreadable ({}); starting from the site file as last good",
                    e.toString());
            state = AgentState.INITIAL;
        }
        Pending interrupted = state.applying();
        if (interrupted != null) {
            LOG.warn("configuration {} was being applied when the gateway stopped; returning to {}",
                    interrupted.version(), describe(state.lastGood().version()));
            rollBack(interrupted.version(), List.of(ConfigError.of("interrupted: the gateway stopped (restart, kill "
                    + "or power loss) before the health window ended; returned to "
                    + describe(state.lastGood().version()))));
        } else if (state.lastGood().version() > 0) {
            List<ConfigError> problems = restoreLastGood();
            if (problems.isEmpty()) {
                LOG.info("configuration {} in force (last good)", state.lastGood().version());
            } else {
                publish(report(ConfigStatus.DRIFT, state.lastGood().version(), problems));
            }
        }
        timer.after(settings.get().driftCheckMs(), this::driftTick);
    }

    /** A message on {@code config/desired}. */
    void onDesired(byte[] payload) {
        DesiredConfig d;
        try {
            d = ConfigDocuments.readDesired(payload);
        } catch (ConfigDocumentException e) {
            if (e.version() > state.handled() && (window == null || e.version() > window.desired.version())) {
                LOG.warn("desired configuration {} refused: {}", e.version(), e.getMessage());
                reject(e.version(), List.of(e.toError()));
            } else {
                LOG.warn("desired configuration unusable and not reportable: {}", e.getMessage());
            }
            return;
        }
        if (d.version() <= state.handled() || window != null && d.version() <= window.desired.version()) {
            LOG.debug("desired configuration {} already handled (up to {}); not applied again", d.version(),
                    Math.max(state.handled(), window == null ? 0 : window.desired.version()));
            return;
        }
        if (window != null) {
            LOG.info("desired configuration {} waits for the health window of {}", d.version(),
                    window.desired.version());
            waiting = d;
            return;
        }
        handle(d);
    }

    /** A session is up: the last report goes out again (it may have been lost, or made while offline). */
    void onConnected() {
        if (state.lastReport() != null) {
            reporter.report(state.lastReport());
        }
    }

    private void handle(DesiredConfig d) {
        List<ConfigError> errors = check(d);
        if (!errors.isEmpty()) {
            LOG.warn("desired configuration {} rejected: {}", d.version(), errors);
            reject(d.version(), errors);
            return;
        }
        HealthProbe.Baseline before = health.baseline();
        ReportedConfig applying = report(ConfigStatus.APPLYING, d.version(), List.of());
        try {
            // the marker is on disk before Config Admin is touched: a crash from here on returns to the last good
            save(state.withApplying(new Pending(d.version(), d.site())).withReport(applying));
        } catch (IOException e) {
            reject(d.version(), List.of(ConfigError.of("cannot record the apply on disk (" + e.getMessage()
                    + "); nothing applied")));
            return;
        }
        reporter.report(applying);
        long appliedAt = nanos.getAsLong();
        SiteChange change;
        try {
            change = site.apply(d.version(), d.site());
        } catch (SiteRefusedException e) {
            rollBack(d.version(), errors(e));
            return;
        } catch (IOException | RuntimeException e) {
            LOG.error("configuration {} could not be applied", d.version(), e);
            rollBack(d.version(), List.of(ConfigError.of("Config Admin failed while applying: " + e)));
            return;
        }
        LOG.info("configuration {} applied ({} device(s), changed {}, uplink {}); health window {} ms",
                d.version(), change.devices().size(), change.changedDevices(),
                change.uplinkChanged() ? "changed" : "unchanged", settings.get().healthWindowMs());
        window = new Window(d, change, before, appliedAt,
                appliedAt + settings.get().healthWindowMs() * 1_000_000L);
        timer.after(settings.get().healthCheckMs(), this::healthTick);
    }

    private List<ConfigError> check(DesiredConfig d) {
        try {
            site.check(d.site());
        } catch (SiteRefusedException e) {
            return errors(e);
        }
        List<ConfigError> carried = CarriedProfiles.check(d);
        if (!carried.isEmpty()) {
            return carried;
        }
        return ProfileCheck.check(d, profiles.get());
    }

    private void healthTick() {
        Window w = window;
        if (w == null) {
            return;
        }
        List<ConfigError> problems = health.problems(w.change, w.before, w.appliedAt);
        if (problems.isEmpty()) {
            accept(w);
        } else if (nanos.getAsLong() - w.deadline >= 0) {
            LOG.warn("configuration {} not healthy within {} ms: {}; returning to {}", w.desired.version(),
                    settings.get().healthWindowMs(), problems, describe(state.lastGood().version()));
            window = null;
            rollBack(w.desired.version(), problems);
            next();
        } else {
            timer.after(settings.get().healthCheckMs(), this::healthTick);
        }
    }

    private void accept(Window w) {
        window = null;
        long v = w.desired.version();
        ReportedConfig r = report(ConfigStatus.APPLIED, v, List.of(), v);
        commit(state.handled(v, new Applied(v, w.desired.site(), baselineFor(w.desired.site())), r));
        LOG.info("configuration {} healthy: it is the last good configuration", v);
        reporter.report(r);
        next();
    }

    /**
     * The site file as the drift baseline of a newly good configuration: the file as it is now, unless local edits
     * that this configuration does not adopt are outstanding; then the old baseline stays, so they are still
     * reported.
     */
    private Map<String, Object> baselineFor(Map<String, Object> inForce) {
        Map<String, Object> local;
        try {
            local = site.localDocument();
        } catch (SiteRefusedException e) {
            LOG.warn("site file not readable as a document ({}): local edits are not compared", e.getMessage());
            return state.lastGood().localBaseline();
        }
        Map<String, Object> old = state.lastGood().localBaseline();
        if (old != null && !DocumentDiff.localEdits(old, local, inForce).isEmpty()) {
            return old;
        }
        return local;
    }

    private void next() {
        DesiredConfig d = waiting;
        waiting = null;
        if (d != null && d.version() > state.handled()) {
            handle(d);
        }
    }

    /** Puts the last good configuration back, clears the marker, reports ROLLED_BACK with the reasons. */
    private void rollBack(long version, List<ConfigError> problems) {
        List<ConfigError> errors = new ArrayList<>(problems);
        errors.addAll(restoreLastGood());
        ReportedConfig r = report(ConfigStatus.ROLLED_BACK, version, errors);
        commit(state.handled(version, state.lastGood(), r));
        LOG.info("configuration {} rolled back: {} in force", version, describe(state.lastGood().version()));
        reporter.report(r);
    }

    /** @return problems putting it back (empty when it is in force) */
    private List<ConfigError> restoreLastGood() {
        Applied good = state.lastGood();
        try {
            if (good.version() == 0) {
                site.applyLocal();
            } else {
                site.apply(good.version(), good.document());
            }
            return List.of();
        } catch (SiteRefusedException e) {
            LOG.error("{} cannot be applied again: {}", describe(good.version()), e.getMessage());
            List<ConfigError> out = new ArrayList<>();
            for (ConfigError c : errors(e)) {
                out.add(new ConfigError(c.path(), "returning to " + describe(good.version()) + " failed: "
                        + c.message()));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            LOG.error("{} could not be applied again", describe(good.version()), e);
            return List.of(ConfigError.of("returning to " + describe(good.version()) + " failed: " + e));
        }
    }

    private void reject(long version, List<ConfigError> errors) {
        ReportedConfig r = report(ConfigStatus.REJECTED, version, errors);
        commit(state.handled(version, state.lastGood(), r));
        reporter.report(r);
    }

    /** Periodic: a local edit of the site file under a pushed configuration is reported (and its undoing). */
    private void driftTick() {
        try {
            checkDrift();
        } catch (RuntimeException e) {
            LOG.warn("drift check failed", e);
        }
        timer.after(settings.get().driftCheckMs(), this::driftTick);
    }

    void checkDrift() {
        Applied good = state.lastGood();
        if (window != null || good.version() == 0 || good.localBaseline() == null) {
            return;
        }
        List<ConfigError> drift = new ArrayList<>();
        try {
            Map<String, Object> local = site.localDocument();
            List<DocumentDiff.Edit> diffs = DocumentDiff.localEdits(good.localBaseline(), local, good.document());
            for (int i = 0; i < diffs.size() && i < DocumentDiff.MAX; i++) {
                DocumentDiff.Edit d = diffs.get(i);
                drift.add(new ConfigError(d.path(), "edited in the site file (" + d.before() + " -> " + d.now()
                        + "); not applied: version " + good.version() + " has " + d.inForce()));
            }
            if (diffs.size() > DocumentDiff.MAX) {
                drift.add(ConfigError.of((diffs.size() - DocumentDiff.MAX) + " more fields edited"));
            }
        } catch (SiteRefusedException e) {
            for (SiteProblem p : e.problems()) {
                drift.add(new ConfigError(p.path(), "the site file is refused: " + p.message() + "; version "
                        + good.version() + " stays in force"));
            }
        }
        ReportedConfig last = state.lastReport();
        boolean drifting = last != null && last.status() == ConfigStatus.DRIFT && last.version() == good.version();
        if (drift.isEmpty() && drifting) {
            LOG.info("site file back to what configuration {} was applied with: no drift", good.version());
            ReportedConfig r = report(ConfigStatus.APPLIED, good.version(), List.of());
            commit(state.withReport(r));
            reporter.report(r);
        } else if (!drift.isEmpty() && !(drifting && last.errors().equals(drift))) {
            LOG.warn("site file edited locally under configuration {}: {}", good.version(), drift);
            ReportedConfig r = report(ConfigStatus.DRIFT, good.version(), drift);
            commit(state.withReport(r));
            reporter.report(r);
        }
    }

    private ReportedConfig report(ConfigStatus status, long version, List<ConfigError> errors) {
        return report(status, version, errors, state.lastGood().version());
    }

    private ReportedConfig report(ConfigStatus status, long version, List<ConfigError> errors, long lastGood) {
        return new ReportedConfig(gatewayId.get(), version, status, errors, lastGood, clock.instant());
    }

    /** Publishes a report that changes no other state; kept as the last report. */
    private void publish(ReportedConfig r) {
        commit(state.withReport(r));
        reporter.report(r);
    }

    private void commit(AgentState next) {
        try {
            save(next);
        } catch (IOException e) {
            LOG.error("configuration agent state not saved ({}); a restart may repeat the last step", e.toString());
            state = next;
        }
    }

    private void save(AgentState next) throws IOException {
        store.save(next);
        state = next;
    }

    private static List<ConfigError> errors(SiteRefusedException e) {
        return e.problems().stream().map(p -> new ConfigError(p.path(), p.message())).toList();
    }

    private static String describe(long version) {
        return version == 0 ? "the site file" : "configuration " + version;
    }
}
