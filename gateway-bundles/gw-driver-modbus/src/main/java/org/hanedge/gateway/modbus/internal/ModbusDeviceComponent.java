package org.hanedge.gateway.modbus.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.hanedge.gateway.api.DeviceDriver;
import org.hanedge.gateway.api.DeviceState;
import org.hanedge.gateway.api.DeviceStatus;
import org.hanedge.gateway.api.ReadingSink;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.ModbusSource;
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
 * One configured Modbus device. Each factory configuration of {@value #PID} creates an instance that polls the
 * Modbus channels of the device's profile over a bus shared through {@link ModbusBusRegistry}. Declarative Services
 * registers it as a {@link DeviceDriver} service with the configuration's properties, among them
 * {@link DeviceDriver#DEVICE_ID} and {@link DeviceDriver#PROFILE_ID} (written by the site config).
 * A changed configuration or a replaced profile service reactivates the component.
 */
@Component(name = ModbusDeviceComponent.PID, configurationPid = ModbusDeviceComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = DeviceDriver.class, immediate = true)
@Designate(ocd = ModbusDeviceComponent.Config.class, factory = true)
public class ModbusDeviceComponent implements DeviceDriver {
    public static final String PID = "org.hanedge.gateway.modbus.device";
    private static final Logger LOG = LoggerFactory.getLogger(ModbusDeviceComponent.class);

    @ObjectClassDefinition(id = ModbusDeviceComponent.PID, name = "HanEdge Modbus device",
            description = "A Modbus TCP or RTU slave polled according to its device profile")
    public @interface Config {
        @AttributeDefinition(name = "Device id", description = "Device id from the site config")
        String device_id();

        @AttributeDefinition(name = "Profile", description = "Id of the device profile", required = false)
        String profile();

        @AttributeDefinition(name = "Profile filter",
                description = "Target filter of the profile reference, e.g. (hanedge.profile.id=lake)",
                required = false)
        String profile_target();

        @AttributeDefinition(name = "Transport", options = {@Option(label = "Modbus TCP", value = "tcp"),
                @Option(label = "Modbus RTU", value = "rtu")})
        String transport() default "tcp";

        @AttributeDefinition(name = "Host", description = "Modbus TCP host")
        String host() default "127.0.0.1";

        @AttributeDefinition(name = "Port", description = "Modbus TCP port", min = "1", max = "65535")
        int port() default 502;

        @AttributeDefinition(name = "Serial port", description = "RTU serial device, e.g. /dev/ttyUSB0",
                required = false)
        String serial_port();

        @AttributeDefinition(name = "Baud rate")
        int serial_baud() default 9600;

        @AttributeDefinition(name = "Parity", options = {@Option(label = "none", value = "none"),
                @Option(label = "even", value = "even"), @Option(label = "odd", value = "odd")})
        String serial_parity() default "none";

        @AttributeDefinition(name = "Data bits", min = "7", max = "8")
        int serial_dataBits() default 8;

        @AttributeDefinition(name = "Stop bits", min = "1", max = "2")
        int serial_stopBits() default 1;

        @AttributeDefinition(name = "Unit id", min = "0", max = "255")
        int unit_id() default 1;

        @AttributeDefinition(name = "Timeout (ms)", description = "Response timeout of one request", min = "1")
        int timeout_ms() default 1000;

        @AttributeDefinition(name = "Retries", description = "Retries after a communication failure", min = "0")
        int retries() default 2;

        @AttributeDefinition(name = "Coalescing gap",
                description = "Unused registers/bits allowed inside one read request", min = "0")
        int coalesce_gap() default PollPlanner.DEFAULT_MAX_GAP;

        @AttributeDefinition(name = "Offline after", description = "Failed poll cycles before the device is offline",
                min = "1")
        int offline_after() default 3;

        @AttributeDefinition(name = "Offline probe interval (s)", min = "1")
        int offline_poll_s() default 30;
    }

    private final ModbusBusRegistry registry;
    private final DeviceProfile profile;
    private final ReadingSink sink;

    private String deviceId;
    private ModbusBus bus;
    private DevicePoller poller;
    private volatile DeviceStatus failedStatus;

    @Activate
    public ModbusDeviceComponent(@Reference(name = "registry") ModbusBusRegistry registry,
            @Reference(name = "profile") DeviceProfile profile, @Reference(name = "sink") ReadingSink sink) {
        this.registry = registry;
        this.profile = profile;
        this.sink = sink;
    }

    @Activate
    void activate(Config config) {
        start(config);
    }

    /** Starts polling; on a configuration problem the device stays registered in state FAILED. */
    void start(Config config) {
        deviceId = config.device_id();
        if (deviceId == null || deviceId.isBlank()) {
            throw new IllegalArgumentException(PID + ": device.id is required");
        }
        try {
            BusConfig busConfig = busConfig(config);
            PollerSettings settings = new PollerSettings(config.unit_id(), Duration.ofMillis(config.timeout_ms()),
                    config.retries(), PollerSettings.DEFAULT_BACKOFF, config.coalesce_gap(), config.offline_after(),
                    Duration.ofSeconds(config.offline_poll_s()));
            List<ChannelSpec> channels = profile.channelsOn(ModbusSource.class);
            if (channels.isEmpty()) {
                throw new IllegalArgumentException("profile " + profile.ref() + " has no Modbus channels");
            }
            if (config.profile() != null && !config.profile().isBlank() && !config.profile().equals(profile.id())) {
                LOG.warn("device {}: configured profile '{}' but bound profile {}; check profile.target", deviceId,
                        config.profile(), profile.ref());
            }
            bus = registry.acquire(busConfig);
            try {
                poller = new DevicePoller(deviceId, profile.ref(), channels, settings, bus, registry.scheduler(),
                        sink);
            } catch (RuntimeException e) {
                registry.release(bus);
                bus = null;
                throw e;
            }
            int n = poller.requestCount();
            LOG.info("device {}: polling {} channels in {} {} {} over {} unit {} (profile {})", deviceId,
                    channels.size(), n, n == 1 ? "request" : "requests", describeIntervals(poller.groups()),
                    bus.describe(),
                    settings.unitId(), profile.ref());
            poller.start();
        } catch (RuntimeException e) {
            LOG.error("device {}: not polled: {}", deviceId, e.getMessage());
            failedStatus = new DeviceStatus(deviceId, profile.ref(), DeviceState.FAILED, Instant.now(), 0, 0,
                    e.getMessage());
        }
    }

    static BusConfig busConfig(Config config) {
        return switch (BusConfig.Transport.parse(config.transport())) {
            case TCP -> BusConfig.tcp(config.host(), config.port());
            case RTU -> BusConfig.rtu(config.serial_port(), config.serial_baud(), config.serial_parity(),
                    config.serial_dataBits(), config.serial_stopBits());
        };
    }

    private static String describeIntervals(List<PollGroup> groups) {
        StringBuilder sb = new StringBuilder("every ");
        for (int i = 0; i < groups.size(); i++) {
            if (i > 0) {
                sb.append(i == groups.size() - 1 ? " and " : ", ");
            }
            sb.append(human(groups.get(i).interval()));
        }
        return sb.toString();
    }

    private static String human(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "min" : s + "s";
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    void stop() {
        if (poller != null) {
            poller.stop();
            poller = null;
        }
        if (bus != null) {
            registry.release(bus);
            bus = null;
        }
        LOG.info("device {}: stopped", deviceId);
    }

    @Override
    public String deviceId() {
        return deviceId;
    }

    @Override
    public DeviceStatus status() {
        DevicePoller p = poller;
        return p != null ? p.status() : failedStatus;
    }

    /** The running poller, for tests; null when not polling. */
    DevicePoller poller() {
        return poller;
    }
}
