package org.hanedge.gateway.config.agent.internal;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.gateway.api.DeviceDriver;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.site.SiteConfigurator;
import org.hanedge.gateway.api.site.SiteRefusedException;
import org.hanedge.gateway.api.uplink.DownlinkListener;
import org.hanedge.gateway.api.uplink.Uplink;
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
 * The configuration agent (docs/remote-config.md): a {@link DownlinkListener} of {@code config/desired}, so the
 * uplink's one session brings the desired configuration (retained: a gateway that was offline gets the latest on
 * connect) and carries the reports. The work is done by a {@link ConfigAgent} on the thread
 * {@code hanedge-config-agent}; its state is kept in the bundle's data area ({@value #STATE_FILE}). Configuration
 * (optional; gw-site writes it from the site config's {@code remoteConfig:}) {@value #PID}, applied without a
 * restart, so applying a configuration that changes it never interrupts the apply itself.
 */
@Component(name = ConfigAgentComponent.PID, configurationPid = ConfigAgentComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = DownlinkListener.class,
        property = DownlinkListener.TOPIC + "=config/desired")
@Designate(ocd = ConfigAgentComponent.Config.class)
public class ConfigAgentComponent implements DownlinkListener {
    public static final String PID = "org.hanedge.gateway.config.agent";
    static final String STATE_FILE = "config-agent.json";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigAgentComponent.class);

    @ObjectClassDefinition(id = ConfigAgentComponent.PID, name = "HanEdge configuration agent",
            description = "Applies configurations pushed by the fleet server, watches a health window, returns to "
                    + "the last good configuration when it fails")
    public @interface Config {
        @AttributeDefinition(name = "Health window (ms)", min = "1", description = "How long an applied "
                + "configuration has for its changed devices to answer and the uplink to connect")
        long health_window_ms() default 60_000;

        @AttributeDefinition(name = "Health check (ms)", min = "1", description = "How often health is looked at "
                + "within the window")
        long health_check_ms() default 500;

        @AttributeDefinition(name = "Drift check (ms)", min = "1", description = "How often the site file is "
                + "compared with the configuration in force")
        long drift_check_ms() default 5_000;
    }

    private final ServiceHealth health = new ServiceHealth(System::nanoTime);
    private final UplinkReporter reporter = new UplinkReporter();
    private final Map<ServiceReference<DeviceProfile>, DeviceProfile> profiles = new ConcurrentHashMap<>();

    @Reference
    private SiteConfigurator site;

    private volatile AgentSettings settings;
    private ScheduledExecutorService thread;
    private ConfigAgent agent;

    @Activate
    void activate(BundleContext context, Config config) {
        settings = settings(config);
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hanedge-config-agent");
            t.setDaemon(true);
            return t;
        });
        StateStore store = new StateStore(context.getDataFile(STATE_FILE).toPath());
        Timer timer = (ms, task) -> thread.schedule(() -> run(task), ms, TimeUnit.MILLISECONDS);
        agent = new ConfigAgent(site, store, health, this::profiles, reporter, this::gatewayId, () -> settings,
                timer, System::nanoTime, Clock.systemUTC());
        post(agent::start);
        LOG.info("configuration agent started: health window {} ms, state in {}", settings.healthWindowMs(),
                store.file());
    }

    @Modified
    void modified(Config config) {
        AgentSettings next = settings(config);
        if (!next.equals(settings)) {
            LOG.info("configuration agent: health window {} ms from the next apply", next.healthWindowMs());
        }
        settings = next;
    }

    @Deactivate
    void deactivate() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static AgentSettings settings(Config c) {
        return new AgentSettings(c.health_window_ms(), c.health_check_ms(), c.drift_check_ms());
    }

    @Override
    public void messageArrived(String path, byte[] payload, boolean retained) {
        if (TopicKind.CONFIG_DESIRED.path().equals(path)) {
            post(() -> agent.onDesired(payload));
        }
    }

    @Override
    public void connected(Uplink uplink) {
        post(agent::onConnected);
    }

    private void post(Runnable task) {
        try {
            thread.execute(() -> run(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("configuration agent stopping: event dropped");
        }
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("configuration agent step failed", e);
        }
    }

    private Collection<DeviceProfile> profiles() {
        return List.copyOf(profiles.values());
    }

    /** The uplink's gateway id, else the site file's. */
    private String gatewayId() {
        Uplink u = reporter.uplink();
        if (u != null) {
            return u.gatewayId();
        }
        try {
            if (site.localDocument().get("gateway") instanceof Map<?, ?> g && g.get("id") instanceof String id) {
                return id;
            }
        } catch (SiteRefusedException e) {
            // fall through
        }
        return "unknown";
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            updated = "updatedDriver")
    void addDriver(ServiceReference<DeviceDriver> ref, DeviceDriver driver) {
        Object id = ref.getProperty(DeviceDriver.DEVICE_ID);
        health.driverAdded(ref, id == null ? null : id.toString(), driver);
    }

    void updatedDriver(ServiceReference<DeviceDriver> ref, DeviceDriver driver) {
        // same service, same instance: keep the time it appeared
    }

    void removeDriver(ServiceReference<DeviceDriver> ref) {
        health.driverRemoved(ref);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addUplink(Uplink uplink) {
        health.uplinkAdded(uplink);
        reporter.uplink(uplink);
    }

    void removeUplink(Uplink uplink) {
        health.uplinkRemoved(uplink);
        reporter.removed(uplink);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            updated = "updatedProfile")
    void addProfile(ServiceReference<DeviceProfile> ref, DeviceProfile profile) {
        profiles.put(ref, profile);
    }

    void updatedProfile(ServiceReference<DeviceProfile> ref, DeviceProfile profile) {
        profiles.put(ref, profile);
    }

    void removeProfile(ServiceReference<DeviceProfile> ref) {
        profiles.remove(ref);
    }
}
