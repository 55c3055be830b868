package org.hanedge.gateway.gpio.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.hanedge.gateway.api.DeviceDriver;
import org.hanedge.gateway.api.DeviceState;
import org.hanedge.gateway.api.DeviceStatus;
import org.hanedge.gateway.api.ReadingSink;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.GpioSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured GPIO device (the gateway's own header pins). Each factory configuration of {@value #PID} reads the
 * GPIO channels of the bound profile through a {@link GpioDevice} and registers itself as a {@link DeviceDriver}
 * with {@link DeviceDriver#DEVICE_ID}, {@link DeviceDriver#PROFILE_ID} and {@link DeviceProfile#PROFILE_VERSION}.
 * A changed configuration or a replaced profile reactivates it (totals are persisted on the way out and restored).
 */
@Component(name = GpioDeviceComponent.PID, configurationPid = GpioDeviceComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = GpioDeviceComponent.Config.class, factory = true)
public class GpioDeviceComponent implements DeviceDriver {
    public static final String PID = "org.hanedge.gateway.gpio.device";
    /** Framework property naming the gateway's data directory. */
    public static final String DATA_PROPERTY = "hanedge.data";
    private static final Logger LOG = LoggerFactory.getLogger(GpioDeviceComponent.class);

    @ObjectClassDefinition(id = GpioDeviceComponent.PID, name = "HanEdge GPIO device",
            description = "Digital inputs and pulse counters on the gateway's GPIO header (Pi4J), read according "
                    + "to the device profile's gpio channels")
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
                @Option(label = "mock (no hardware: tests, demos)", value = "mock")})
        String provider() default "gpiod";

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
    private GpioDevice device;
    private volatile DeviceStatus failedStatus;
    private ServiceRegistration<DeviceDriver> registration;

    @Activate
    public GpioDeviceComponent(@Reference(name = "profile") DeviceProfile profile,
            @Reference(name = "sink") ReadingSink sink) {
        this.profile = profile;
        this.sink = sink;
    }

    @Activate
    void activate(BundleContext context, Config config) {
        start(config, context.getProperty(DATA_PROPERTY));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(DEVICE_ID, deviceId);
        props.put(PROFILE_ID, profile.id());
        props.put(DeviceProfile.PROFILE_VERSION, profile.version());
        registration = context.registerService(DeviceDriver.class, this, props);
    }

    /** Starts reading; on a configuration or hardware problem the device stays registered in state FAILED. */
    void start(Config config, String dataDir) {
        deviceId = config.device_id();
        if (deviceId == null || deviceId.isBlank()) {
            throw new IllegalArgumentException(PID + ": device.id is required");
        }
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
                Math.max(16, c.queue_capacity()));
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
            registration = null;
        }
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
}
