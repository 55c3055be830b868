package org.hanedge.gateway.gpio.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.hanedge.gateway.api.DeviceDriver;
import org.hanedge.gateway.api.DeviceState;
import org.hanedge.gateway.api.DeviceStatus;
import org.hanedge.gateway.api.LatestReadings;
import org.hanedge.gateway.api.OutputDriver;
import org.hanedge.gateway.api.ReadingSink;
import org.hanedge.gateway.api.WriteCommand;
import org.hanedge.gateway.api.WriteResult;
import org.hanedge.gateway.api.outbox.Outbox;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.GpioSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured GPIO device (the gateway's own header pins). Each factory configuration of {@value #PID} reads the
 * GPIO channels of the bound profile through a {@link GpioDevice}. Declarative Services registers it as a
 * {@link DeviceDriver} and an {@link OutputDriver} with the configuration's properties, among them
 * {@link DeviceDriver#DEVICE_ID} and {@link DeviceDriver#PROFILE_ID} (written by the site config). Writes go to its
 * {@link OutputWriter}, which answers NOT_WRITABLE or UNKNOWN_CHANNEL for every channel when the profile has no
 * outputs; interlocks are checked against {@link LatestReadings} of the devices that run the same profile id
 * (tracked from the {@code DeviceDriver} services' {@code hanedge.profile.id}), and outcomes go to the
 * {@link Outbox} when one is present.
 * A changed configuration or a replaced profile reactivates it (totals are persisted on the way out and restored).
 */
@Component(name = GpioDeviceComponent.PID, configurationPid = GpioDeviceComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {DeviceDriver.class, OutputDriver.class},
        immediate = true)
@Designate(ocd = GpioDeviceComponent.Config.class, factory = true)
public class GpioDeviceComponent implements DeviceDriver, OutputDriver {
    public static final String PID = "org.hanedge.gateway.gpio.device";
    /** Framework property naming the gateway's data directory. */
    public static final String DATA_PROPERTY = "hanedge.data";
    private static final Logger LOG = LoggerFactory.getLogger(GpioDeviceComponent.class);

    @ObjectClassDefinition(id = GpioDeviceComponent.PID, name = "HanEdge GPIO device",
            description = "Digital inputs, pulse counters and relay outputs on the gateway's GPIO header (Pi4J), "
                    + "according to the device profile's gpio channels and interlocks")
    public @interface Config {
        @AttributeDefinition(name = "Device id", description = "Device id from the site config")
        String device_id();

        @AttributeDefinition(name = "Profile", description = "Id of the device profile", required = false)
        String profile();

        @AttributeDefinition(name = "Profile filter",
                description = "Target filter of the profile reference, e.g. (hanedge.profile.id=pump-station)",
                required = false)
        String profile_target();

        @AttributeDefinition(name = "Provider", description = "Pi4J GPIO provider", options = {
                @Option(label = "gpiod (GPIO character device)", value = "gpiod"),
                @Option(label = "linuxfs (sysfs, deprecated kernels)", value = "linuxfs"),
                @Option(label = "mock (no hardware: tests, demos)", value = "mock"),
                @Option(label = "sim (test rig: pins wired to a GPIO simulator over TCP)", value = "sim")})
        String provider() default "gpiod";

        @AttributeDefinition(name = "Simulator address", description = "host:port of the GPIO simulator "
                + "(provider sim only; a test rig, not field hardware)", required = false)
        String sim_address() default GpioDeviceOptions.DEFAULT_SIM_ADDRESS;

        @AttributeDefinition(name = "Simulated speed-up", description = "How many times faster than real time the "
                + "GPIO simulator's world runs; counter rates are per hour of that world (provider sim only)",
                required = false)
        double sim_speed() default 1.0;

        @AttributeDefinition(name = "GPIO chip", description = "Informational with Pi4J 2.8: its gpiod provider "
                + "opens the chip labelled pinctrl-* (gpiochip0 on a Pi 4, gpiochip4 on a Pi 5)", required = false)
        String chip() default "gpiochip0";

        @AttributeDefinition(name = "Bias", description = "Input bias: auto = pull-up for activeLow pins, "
                + "pull-down otherwise", options = {@Option(label = "auto", value = "auto"),
                @Option(label = "pull-up", value = "up"), @Option(label = "pull-down", value = "down"),
                @Option(label = "off (external resistors)", value = "off")})
        String pull() default "auto";

        @AttributeDefinition(name = "State directory", description = "Where pulse totals are persisted; empty: "
                + "${hanedge.data}/gpio, or ./data/gpio without it", required = false)
        String state_dir();

        @AttributeDefinition(name = "Edge queue", description = "Edges buffered between Pi4J's event thread and "
                + "the device worker", min = "16")
        int queue_capacity() default GpioDeviceOptions.DEFAULT_QUEUE;
    }

    private final DeviceProfile profile;
    private final ReadingSink sink;
    private String deviceId;
    private volatile GpioDevice device;
    private volatile DeviceStatus failedStatus;
    private volatile OutputWriter writer;
    private volatile LatestReadings latest;
    private volatile Outbox outbox;
    /**
     * Device id → profile id of every registered DeviceDriver service (this one included), keyed by its service
     * reference: the service objects are never fetched, so binding this component's own service is no cycle.
     */
    private final Map<ServiceReference<DeviceDriver>, String[]> drivers = new ConcurrentHashMap<>();

    @Activate
    public GpioDeviceComponent(@Reference(name = "profile") DeviceProfile profile,
            @Reference(name = "sink") ReadingSink sink) {
        this.profile = profile;
        this.sink = sink;
    }

    @Activate
    void activate(BundleContext context, Config config) {
        start(config, context.getProperty(DATA_PROPERTY));
    }

    /** Applies a write through the device's {@link OutputWriter}. */
    @Override
    public CompletionStage<WriteResult> write(WriteCommand command) {
        OutputWriter w = writer;
        if (w == null) {
            w = outputWriter();
        }
        return w.write(command);
    }

    /** The output side of this device; interlock readings from the devices running the same profile id. */
    OutputWriter outputWriter() {
        return new OutputWriter(deviceId, profile, this::device,
                new InterlockReadings(() -> latest, this::devicesOfProfile), () -> outbox, Clock.systemUTC());
    }

    /** This device and every registered device whose {@code hanedge.profile.id} equals this profile's id. */
    List<String> devicesOfProfile() {
        List<String> ids = new ArrayList<>();
        ids.add(deviceId);
        for (String[] d : drivers.values()) {
            if (profile.id().equals(d[1]) && !ids.contains(d[0])) {
                ids.add(d[0]);
            }
        }
        return ids;
    }

    @Reference(name = "latest", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLatest(LatestReadings l) {
        latest = l;
    }

    void unbindLatest(LatestReadings l) {
        if (latest == l) {
            latest = null;
        }
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

    @Reference(name = "drivers", service = DeviceDriver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, updated = "updatedDriver")
    void bindDriver(ServiceReference<DeviceDriver> ref) {
        Object id = ref.getProperty(DEVICE_ID);
        Object profileId = ref.getProperty(PROFILE_ID);
        if (id != null) {
            drivers.put(ref, new String[] {id.toString(), profileId == null ? null : profileId.toString()});
        } else {
            drivers.remove(ref);
        }
    }

    void updatedDriver(ServiceReference<DeviceDriver> ref) {
        bindDriver(ref);
    }

    void unbindDriver(ServiceReference<DeviceDriver> ref) {
        drivers.remove(ref);
    }

    /** Starts reading; on a configuration or hardware problem the device stays registered in state FAILED. */
    void start(Config config, String dataDir) {
        deviceId = config.device_id();
        if (deviceId == null || deviceId.isBlank()) {
            throw new IllegalArgumentException(PID + ": device.id is required");
        }
        writer = outputWriter();
        try {
            if (config.profile() != null && !config.profile().isBlank() && !config.profile().equals(profile.id())) {
                LOG.warn("device {}: configured profile '{}' but bound profile {}; check profile.target", deviceId,
                        config.profile(), profile.ref());
            }
            List<ChannelSpec> channels = profile.channelsOn(GpioSource.class);
            if (channels.isEmpty()) {
                throw new IllegalArgumentException("profile " + profile.ref() + " has no gpio channels");
            }
            device = new GpioDevice(deviceId, profile.ref(), channels, options(config, dataDir), sink,
                    GpioClock.SYSTEM).start();
        } catch (RuntimeException | LinkageError e) {
            String msg = e.getMessage() != null ? e.getMessage() : e.toString();
            LOG.error("device {}: GPIO not read: {}", deviceId, msg);
            failedStatus = new DeviceStatus(deviceId, profile.ref(), DeviceState.FAILED, Instant.now(), 0, 0, msg);
        }
    }

    static GpioDeviceOptions options(Config c, String dataDir) {
        Path stateDir;
        if (c.state_dir() != null && !c.state_dir().isBlank()) {
            stateDir = Path.of(c.state_dir());
        } else if (dataDir != null && !dataDir.isBlank()) {
            stateDir = Path.of(dataDir, "gpio");
        } else {
            stateDir = Path.of("data", "gpio");
        }
        String pull = c.pull() == null || c.pull().isBlank() ? "auto" : c.pull().trim();
        return new GpioDeviceOptions(GpioProviders.Kind.parse(c.provider()), c.chip(), pull, stateDir,
                Math.max(16, c.queue_capacity()), c.sim_address(), c.sim_speed());
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    void stop() {
        if (device != null) {
            device.close();
            device = null;
        }
        LOG.info("device {}: stopped", deviceId);
    }

    @Override
    public String deviceId() {
        return deviceId;
    }

    @Override
    public DeviceStatus status() {
        GpioDevice d = device;
        return d != null ? d.status() : failedStatus;
    }

    GpioDevice device() {
        return device;
    }

    /** For tests: the bound services. */
    void services(LatestReadings l, Outbox o) {
        latest = l;
        outbox = o;
    }
}
