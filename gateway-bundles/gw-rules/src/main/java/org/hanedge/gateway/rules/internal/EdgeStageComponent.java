package org.hanedge.gateway.rules.internal;

import java.io.File;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.hanedge.gateway.api.DeviceDriver;
import org.hanedge.gateway.api.OutputDriver;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.ReadingListener;
import org.hanedge.gateway.api.outbox.Outbox;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge stage as a {@link ReadingListener}: runs an {@link EdgeStage} over every batch of readings, ticks it
 * from a timer thread ({@code hanedge-rules-timer}), runs rule actions on {@code hanedge-rules-actions}. Follows the
 * {@code DeviceProfile}, {@code DeviceDriver} and {@code OutputDriver} services dynamically, so a reloaded profile
 * applies without a restart. The active alarm ids are kept in the bundle's data area ({@value #ALARMS_FILE}).
 * Configuration (optional) {@value #PID}; its deadband overrides (site config {@code rules.deadbands}) apply without
 * a restart.
 */
@Component(name = EdgeStageComponent.PID, configurationPid = EdgeStageComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {ReadingListener.class, ActiveAlarms.class},
        immediate = true)
@Designate(ocd = EdgeStageComponent.Config.class)
public class EdgeStageComponent implements ReadingListener, ActiveAlarms {
    public static final String PID = "org.hanedge.gateway.rules";
    static final String ALARMS_FILE = "active-alarms";
    private static final Logger LOG = LoggerFactory.getLogger(EdgeStageComponent.class);

    @ObjectClassDefinition(id = EdgeStageComponent.PID, name = "HanEdge edge rules",
            description = "Report-by-exception into the outbox, alarm limits and local control rules of the "
                    + "device profiles")
    public @interface Config {
        @AttributeDefinition(name = "Report by exception", description = "Send a channel only when it moves by "
                + "more than its deadband, changes, or its heartbeat expires (false: every sample is sent)")
        boolean report_by_exception() default true;

        @AttributeDefinition(name = "Tick", description = "How often heartbeats, window ends and delays are "
                + "checked without a sample, ms", min = "50")
        long tick_ms() default 1000;

        @AttributeDefinition(name = "Deadband overrides", required = false, description = "This site's deadbands in "
                + "place of the profiles', device/channel=deadband (in the channel's unit); windowed channels keep "
                + "their window. Applied at run time")
        String[] deadband_overrides() default {};
    }

    private final Devices devices = new Devices();
    private final DeadbandOverrides overrides = new DeadbandOverrides(devices);
    private BundleContext context;
    private boolean reportByException;
    private final Map<DeviceProfile, Boolean> profiles = new ConcurrentHashMap<>();
    private final List<AlarmSink> sinks = new CopyOnWriteArrayList<>();
    private volatile Outbox outbox;
    private volatile EdgeStage stage;
    private ScheduledExecutorService timer;
    private ExecutorService actionThread;

    @Activate
    void activate(BundleContext context, Config config) {
        this.context = context;
        this.reportByException = config.report_by_exception();
        overrides.set(config.deadband_overrides());
        File data = context.getDataFile(ALARMS_FILE);
        ActiveAlarmStore store = data == null ? null : new ActiveAlarmStore(data.toPath());
        Set<String> restored = Set.of();
        if (store != null) {
            try {
                restored = store.load();
                if (!restored.isEmpty()) {
                    LOG.info("{} alarms were active at the last stop: {}", restored.size(), restored);
                }
            } catch (IOException e) {
                LOG.warn("active alarms not restored from {}: {}; alarms still present will be raised again", data,
                        e.toString());
            }
        }
        actionThread = Executors.newSingleThreadExecutor(r -> daemon(r, "hanedge-rules-actions"));
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "hanedge-rules-timer"));
        EdgeStage s = new EdgeStage(devices, () -> outbox, () -> sinks, actionThread, Clock.systemUTC(), restored,
                ids -> save(store, ids), config.report_by_exception(), overrides);
        synchronized (this) {
            profiles.keySet().forEach(s::profileChanged);
            stage = s;
        }
        long tick = Math.max(50, config.tick_ms());
        timer.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        LOG.info("edge rules active (report by exception {}, tick {} ms)", config.report_by_exception(), tick);
    }

    /**
     * A changed configuration: deadband overrides apply to the next sample without a restart (readings keep flowing
     * through the same stage); a changed report-by-exception switch starts the stage again.
     */
    @Modified
    void modified(Config config) {
        overrides.set(config.deadband_overrides());
        if (config.report_by_exception() != reportByException) {
            deactivate();
            activate(context, config);
        }
    }

    @Deactivate
    void deactivate() {
        stage = null;
        timer.shutdownNow();
        actionThread.shutdown();
        try {
            if (!actionThread.awaitTermination(5, TimeUnit.SECONDS)) {
                actionThread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onReadings(List<Reading> readings) {
        EdgeStage s = stage;
        if (s != null) {
            s.onReadings(readings);
        }
    }

    @Override
    public Map<String, AlarmTransition> activeAlarms() {
        EdgeStage s = stage;
        return s == null ? Map.of() : s.activeAlarms();
    }

    private void tick() {
        EdgeStage s = stage;
        try {
            if (s != null) {
                s.tick();
            }
        } catch (RuntimeException e) {
            LOG.error("edge rules tick failed", e);
        }
    }

    private static void save(ActiveAlarmStore store, Set<String> ids) {
        if (store == null) {
            return;
        }
        try {
            store.save(ids);
        } catch (IOException e) {
            LOG.warn("active alarms not persisted: {}", e.toString());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Reference(name = "profiles", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            updated = "updatedProfile")
    synchronized void bindProfile(DeviceProfile p) {
        profiles.put(p, Boolean.TRUE);
        devices.putProfile(p);
        if (stage != null) {
            stage.profileChanged(p);
        }
    }

    synchronized void updatedProfile(DeviceProfile p) {
        bindProfile(p);
    }

    synchronized void unbindProfile(DeviceProfile p) {
        profiles.remove(p);
        if (stage != null) {
            stage.profileRemoved(p);
        } else {
            devices.removeProfile(p);
        }
    }

    @Reference(name = "drivers", service = DeviceDriver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, updated = "updatedDriver")
    void bindDriver(ServiceReference<DeviceDriver> ref) {
        devices.putDriver(ref, string(ref.getProperty(DeviceDriver.DEVICE_ID)),
                string(ref.getProperty(DeviceDriver.PROFILE_ID)));
    }

    void updatedDriver(ServiceReference<DeviceDriver> ref) {
        bindDriver(ref);
    }

    void unbindDriver(ServiceReference<DeviceDriver> ref) {
        devices.removeDriver(ref);
    }

    @Reference(name = "outputs", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            updated = "updatedOutput")
    void bindOutput(OutputDriver driver, Map<String, Object> props) {
        devices.putOutput(driver, string(props.get(DeviceDriver.DEVICE_ID)), string(props.get(DeviceDriver.PROFILE_ID)),
                driver);
    }

    void updatedOutput(OutputDriver driver, Map<String, Object> props) {
        bindOutput(driver, props);
    }

    void unbindOutput(OutputDriver driver) {
        devices.removeOutput(driver);
    }

    @Reference(name = "outbox", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOutbox(Outbox o) {
        outbox = o;
    }

    void unbindOutbox(Outbox o) {
        if (outbox == o) {
            outbox = null;
        }
    }

    @Reference(name = "sinks", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindSink(AlarmSink s) {
        sinks.add(s);
    }

    void unbindSink(AlarmSink s) {
        sinks.remove(s);
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }
}
