package org.hanedge.gateway.serial.internal;

import java.time.Duration;
import java.time.Instant;

import org.hanedge.gateway.api.DeviceDriver;
import org.hanedge.gateway.api.DeviceState;
import org.hanedge.gateway.api.DeviceStatus;
import org.hanedge.gateway.api.ReadingSink;
import org.hanedge.gateway.api.profile.DeviceProfile;
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
 * One configured serial device (one port). Each factory configuration of {@value #PID} creates an instance that
 * reads the NMEA and/or ASCII channels of the device's profile on its port through a {@link SerialDevice}.
 * Declarative Services registers it as a {@link DeviceDriver} with the configuration's properties, among them
 * {@link DeviceDriver#DEVICE_ID} and {@link DeviceDriver#PROFILE_ID} (written by the site config). A changed
 * configuration or a replaced profile reactivates it.
 */
@Component(name = SerialDeviceComponent.PID, configurationPid = SerialDeviceComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = DeviceDriver.class, immediate = true)
@Designate(ocd = SerialDeviceComponent.Config.class, factory = true)
public class SerialDeviceComponent implements DeviceDriver {
    public static final String PID = "org.hanedge.gateway.serial.device";
    private static final Logger LOG = LoggerFactory.getLogger(SerialDeviceComponent.class);

    @ObjectClassDefinition(id = SerialDeviceComponent.PID, name = "HanEdge serial device",
            description = "A GPS receiver (NMEA 0183) or line-based ASCII instrument on a serial port, read "
                    + "according to its device profile")
    public @interface Config {
        @AttributeDefinition(name = "Device id", description = "Device id from the site config")
        String device_id();

        @AttributeDefinition(name = "Profile", description = "Id of the device profile", required = false)
        String profile();

        @AttributeDefinition(name = "Profile filter",
                description = "Target filter of the profile reference, e.g. (hanedge.profile.id=waste-truck)",
                required = false)
        String profile_target();

        @AttributeDefinition(name = "Serial port", description = "e.g. /dev/ttyUSB0 or /dev/serial/by-id/...")
        String serial_port();

        @AttributeDefinition(name = "Baud rate", description = "NMEA 0183 receivers: 4800 (standard) or 9600")
        int serial_baud() default 4800;

        @AttributeDefinition(name = "Parity", options = {@Option(label = "none", value = "none"),
                @Option(label = "even", value = "even"), @Option(label = "odd", value = "odd")})
        String serial_parity() default "none";

        @AttributeDefinition(name = "Data bits", min = "7", max = "8")
        int serial_dataBits() default 8;

        @AttributeDefinition(name = "Stop bits", min = "1", max = "2")
        int serial_stopBits() default 1;

        @AttributeDefinition(name = "Protocol", description = "Which serial channels of the profile this port serves",
                options = {@Option(label = "NMEA and ASCII", value = "auto"), @Option(label = "NMEA 0183 only",
                        value = "nmea"), @Option(label = "ASCII instrument only", value = "ascii")})
        String serial_protocol() default "auto";

        @AttributeDefinition(name = "Reopen back-off max (s)",
                description = "Longest wait between attempts to reopen a lost port", min = "1")
        int reopen_max_s() default 30;

        @AttributeDefinition(name = "Silence timeout (s)",
                description = "No valid data for this long: BAD_COMM readings, device offline; 0 = off", min = "0")
        int silence_timeout_s() default 10;

        @AttributeDefinition(name = "Reply timeout (ms)", description = "Polled instruments: time to answer",
                min = "10")
        int reply_timeout_ms() default 1000;

        @AttributeDefinition(name = "Bad input log period (s)",
                description = "At most one log line per bad-input reason per period", min = "1")
        int badInput_log_s() default 60;
    }

    private final DeviceProfile profile;
    private final ReadingSink sink;
    private String deviceId;
    private SerialDevice device;
    private volatile DeviceStatus failedStatus;

    @Activate
    public SerialDeviceComponent(@Reference(name = "profile") DeviceProfile profile,
            @Reference(name = "sink") ReadingSink sink) {
        this.profile = profile;
        this.sink = sink;
    }

    @Activate
    void activate(Config config) {
        start(config);
    }

    /** Starts reading; on a configuration problem the device stays registered in state FAILED. */
    void start(Config config) {
        deviceId = config.device_id();
        if (deviceId == null || deviceId.isBlank()) {
            throw new IllegalArgumentException(PID + ": device.id is required");
        }
        try {
            if (config.profile() != null && !config.profile().isBlank() && !config.profile().equals(profile.id())) {
                LOG.warn("device {}: configured profile '{}' but bound profile {}; check profile.target", deviceId,
                        config.profile(), profile.ref());
            }
            device = new SerialDevice(deviceId, profile.ref(), profile.channels(), settings(config),
                    options(config), sink).start();
        } catch (RuntimeException e) {
            LOG.error("device {}: not read: {}", deviceId, e.getMessage());
            failedStatus = new DeviceStatus(deviceId, profile.ref(), DeviceState.FAILED, Instant.now(), 0, 0,
                    e.getMessage());
        }
    }

    static SerialSettings settings(Config c) {
        return new SerialSettings(c.serial_port(), c.serial_baud(), c.serial_parity(), c.serial_dataBits(),
                c.serial_stopBits());
    }

    static SerialDeviceOptions options(Config c) {
        return new SerialDeviceOptions(SerialDeviceOptions.Protocol.parse(c.serial_protocol()),
                Duration.ofSeconds(Math.max(1, c.reopen_max_s())), Duration.ofSeconds(Math.max(0, c.silence_timeout_s())),
                Duration.ofMillis(Math.max(10, c.reply_timeout_ms())), Duration.ofSeconds(Math.max(1, c.badInput_log_s())),
                SerialDeviceOptions.DEFAULTS.readTimeoutMs());
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
        SerialDevice d = device;
        return d != null ? d.status() : failedStatus;
    }

    /** The running device, for tests; null when not running. */
    SerialDevice device() {
        return device;
    }
}
