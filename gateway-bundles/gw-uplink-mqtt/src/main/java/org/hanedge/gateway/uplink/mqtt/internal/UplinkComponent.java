package org.hanedge.gateway.uplink.mqtt.internal;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.hanedge.contract.mqtt.TelemetryForm;
import org.hanedge.gateway.api.DeviceDriver;
import org.hanedge.gateway.api.LatestReadings;
import org.hanedge.gateway.api.OutputDriver;
import org.hanedge.gateway.api.outbox.Outbox;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.uplink.DownlinkListener;
import org.hanedge.gateway.api.uplink.Uplink;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT uplink: drains the {@link Outbox} to the broker configured by {@value #PID}. The birth message lists the
 * devices (from the {@link DeviceDriver} services' {@code hanedge.device.id} and {@code hanedge.profile.id}) and the
 * profiles they run, with the versions of the bound {@link DeviceProfile} services. Remote {@code cmd/write} commands go to the {@link OutputDriver} service of the
 * device ({@code hanedge.device.id}). Other bundles use the session through the {@link Uplink} service this component
 * registers and {@link DownlinkListener} services (topics they receive). A configuration change reactivates the
 * component, which reconnects.
 */
@Component(name = UplinkComponent.PID, configurationPid = UplinkComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = UplinkComponent.Config.class)
public class UplinkComponent {
    public static final String PID = "org.hanedge.gateway.uplink.mqtt";
    /** Framework property with the firmware version reported in the birth message. */
    public static final String FIRMWARE_PROPERTY = "hanedge.firmware.version";
    /** Service property of the {@link DeviceProfile} services: the profile version. */
    public static final String PROFILE_VERSION = "hanedge.profile.version";
    private static final Logger LOG = LoggerFactory.getLogger(UplinkComponent.class);
    /** How long an output driver may take for a remote write before the response says FAILED / timeout. */
    static final long COMMAND_TIMEOUT_MS = 10_000;
    /** The clock epoch table's file in the bundle's data directory. */
    static final String CLOCK_TABLE = "clock-epochs";
    /** The command ids run recently and their responses (RecentCommands), in the bundle's data area. */
    static final String COMMAND_IDS = "command-ids";

    @ObjectClassDefinition(id = UplinkComponent.PID, name = "HanEdge MQTT uplink",
            description = "Sends the outbox to an MQTT 5 broker: SenML telemetry, events, birth/Last Will, stats")
    public @interface Config {
        @AttributeDefinition(name = "Gateway id", description = "Topic root (the contract's Topics.root) and MQTT client id")
        String gateway_id();

        @AttributeDefinition(name = "Broker URI", description = "tcp://host:1883 or ssl://host:8883")
        String broker_uri();

        @AttributeDefinition(name = "User name", required = false)
        String username();

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false)
        String password();

        @AttributeDefinition(name = "Telemetry format", options = {
                @Option(label = "SenML JSON", value = "senml+json"),
                @Option(label = "SenML CBOR", value = "senml+cbor"),
                @Option(label = "SenML CBOR, thin-link form", value = "senml+cbor-thin")})
        String format() default "senml+json";

        @AttributeDefinition(name = "Gather window (ms)", min = "0",
                description = "Thin-link form only: telemetry is gathered for up to this long (or until a pack is "
                        + "full) and sent as one pack; alarms and events never wait. 0: send as taken")
        long gather_ms() default 0;

        @AttributeDefinition(name = "CA bundle", required = false,
                description = "PEM file of the CAs that may sign the broker's certificate (ssl:// only); "
                        + "without it the JVM's default trust store is used")
        String tls_ca_file();

        @AttributeDefinition(name = "Client certificate", required = false, description = "PEM certificate chain")
        String tls_client_cert_file();

        @AttributeDefinition(name = "Client key", required = false, description = "PEM, unencrypted PKCS#8")
        String tls_client_key_file();

        @AttributeDefinition(name = "Max message bytes", min = "256",
                description = "Upper bound of the encoded size of one telemetry pack")
        int max_message_bytes() default 16384;

        @AttributeDefinition(name = "Max in-flight messages", min = "1", max = "65535")
        int max_inflight() default 16;

        @AttributeDefinition(name = "Rate limit (messages/s)")
        double rate_messages_per_s() default 150;

        @AttributeDefinition(name = "Stats interval (s)", min = "1")
        int stats_interval_s() default 60;

        @AttributeDefinition(name = "Keep-alive (s)", min = "0")
        int keepalive_s() default 30;

        @AttributeDefinition(name = "Reconnect back-off minimum (ms)", min = "1")
        long reconnect_min_ms() default 1000;

        @AttributeDefinition(name = "Reconnect back-off maximum (ms)", min = "1")
        long reconnect_max_ms() default 60000;

        @AttributeDefinition(name = "Clock tolerance (ms)", min = "0",
                description = "A measured clock error up to this is taken as none (records keep their local time)")
        long clock_tolerance_ms() default 500;

        @AttributeDefinition(name = "Clock fallback (ms)", min = "0",
                description = "How long the server may leave a time request unanswered on a live session before "
                        + "the local clock is assumed right and held records of this boot go out with local times")
        long clock_fallback_ms() default 5000;
    }

    private final Map<ServiceReference<DeviceDriver>, String[]> drivers = new ConcurrentHashMap<>();
    private final Map<ServiceReference<DeviceProfile>, String[]> profiles = new ConcurrentHashMap<>();
    private final Map<String, DeviceProfile> profileObjects = new ConcurrentHashMap<>();
    private final Map<ServiceReference<OutputDriver>, OutputDriver> outputs = new ConcurrentHashMap<>();

    @Reference
    private Outbox outbox;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LatestReadings latest;

    private final Downlinks downlinks = new Downlinks();
    private Sender sender;
    private ServiceRegistration<Uplink> registration;

    public static UplinkSettings settings(Config c) {
        return new UplinkSettings(c.gateway_id(), c.broker_uri(), c.username(), c.password(),
                TelemetryForm.fromConfig(c.format()), UplinkSettings.path(c.tls_ca_file()),
                UplinkSettings.path(c.tls_client_cert_file()), UplinkSettings.path(c.tls_client_key_file()),
                c.max_message_bytes(), c.max_inflight(), c.rate_messages_per_s(), c.stats_interval_s(),
                c.keepalive_s(), c.reconnect_min_ms(), c.reconnect_max_ms(), gather(c.gather_ms()));
    }

    private static Duration gather(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("gather.ms must be >= 0, got " + ms);
        }
        return Duration.ofMillis(ms);
    }

    @Activate
    void activate(BundleContext context, Config config) {
        UplinkSettings s;
        try {
            s = settings(config);
        } catch (IllegalArgumentException e) {
            LOG.error("uplink configuration {} refused: {}", PID, e.getMessage());
            throw e;
        }
        String firmware = context.getProperty(FIRMWARE_PROPERTY);
        if (firmware == null || firmware.isBlank()) {
            firmware = context.getBundle().getVersion().toString();
        }
        File data = context.getDataFile("");
        StateDocuments docs = new StateDocuments(s.gatewayId(), firmware,
                Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()), this::profileVersions,
                this::deviceProfiles, data, this::position);
        LOG.info("uplink starting: {}", s);
        ClockSettings clock = new ClockSettings(context.getDataFile(CLOCK_TABLE).toPath(),
                config.clock_tolerance_ms(), config.clock_fallback_ms());
        UplinkService service = new UplinkService(s.gatewayId());
        downlinks.configure(s.gatewayId(), service);
        sender = new Sender(s, outbox, docs, this::output, COMMAND_TIMEOUT_MS, clock, ClockSource.SYSTEM,
                ManagementFactory.getRuntimeMXBean().getStartTime(), new ProfilePrecisions(this::profileOf),
                downlinks, RecentCommands.persistent(context.getDataFile(COMMAND_IDS).toPath()));
        service.attach(sender);
        sender.start();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("gateway.id", s.gatewayId());
        props.put("broker.uri", s.brokerUri());
        registration = context.registerService(Uplink.class, service, props);
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
        if (sender != null) {
            sender.stop();
            sender = null;
        }
    }

    /** The uplink's state (shell, tests). */
    public UplinkStatus status() {
        Sender s = sender;
        return s == null ? null : s.status();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            updated = "updatedDriver")
    void addDriver(ServiceReference<DeviceDriver> ref) {
        drivers.put(ref, new String[] {str(ref.getProperty(DeviceDriver.DEVICE_ID)),
                str(ref.getProperty(DeviceDriver.PROFILE_ID))});
    }

    void updatedDriver(ServiceReference<DeviceDriver> ref) {
        addDriver(ref);
    }

    void removeDriver(ServiceReference<DeviceDriver> ref) {
        drivers.remove(ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            updated = "updatedProfile")
    void addProfile(ServiceReference<DeviceProfile> ref, DeviceProfile profile) {
        profiles.put(ref, new String[] {str(ref.getProperty(DeviceProfile.PROFILE_ID)),
                str(ref.getProperty(PROFILE_VERSION))});
        profileObjects.put(profile.id(), profile);
    }

    void updatedProfile(ServiceReference<DeviceProfile> ref, DeviceProfile profile) {
        addProfile(ref, profile);
    }

    void removeProfile(ServiceReference<DeviceProfile> ref, DeviceProfile profile) {
        profiles.remove(ref);
        profileObjects.remove(profile.id(), profile);
    }

    /** The profile a device's driver names, or null (no driver for it yet, or its profile not registered). */
    DeviceProfile profileOf(String deviceId) {
        for (String[] d : drivers.values()) {
            if (deviceId.equals(d[0]) && d[1] != null) {
                return profileObjects.get(d[1]);
            }
        }
        return null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDownlink(DownlinkListener listener, Map<String, Object> props) {
        downlinks.add(listener, str(props.get(DownlinkListener.TOPIC)));
    }

    void removeDownlink(DownlinkListener listener) {
        downlinks.remove(listener);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addOutput(ServiceReference<OutputDriver> ref, OutputDriver driver) {
        outputs.put(ref, driver);
    }

    void removeOutput(ServiceReference<OutputDriver> ref) {
        outputs.remove(ref);
    }

    private java.util.Optional<BirthPosition> position() {
        LatestReadings l = latest;
        return l == null ? java.util.Optional.empty() : BirthPosition.from(l.all());
    }

    /** The output driver of a device (the highest-ranked one if several claim it), or null. */
    OutputDriver output(String deviceId) {
        ServiceReference<OutputDriver> best = null;
        OutputDriver driver = null;
        for (Map.Entry<ServiceReference<OutputDriver>, OutputDriver> e : outputs.entrySet()) {
            if (deviceId.equals(str(e.getKey().getProperty(DeviceDriver.DEVICE_ID)))
                    && (best == null || e.getKey().compareTo(best) > 0)) {
                best = e.getKey();
                driver = e.getValue();
            }
        }
        return driver;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    /** Profile id -> version of the profiles in use by a device (all registered profiles when no device names one). */
    Map<String, String> profileVersions() {
        Map<String, String> known = new TreeMap<>();
        for (String[] p : profiles.values()) {
            if (p[0] != null) {
                known.put(p[0], p[1] == null ? "" : p[1]);
            }
        }
        Map<String, String> used = new TreeMap<>();
        for (String[] d : drivers.values()) {
            if (d[1] != null) {
                used.put(d[1], known.getOrDefault(d[1], ""));
            }
        }
        return used.isEmpty() ? known : used;
    }

    /** Device id -> profile@version. */
    Map<String, String> deviceProfiles() {
        Map<String, String> known = new TreeMap<>();
        for (String[] p : profiles.values()) {
            if (p[0] != null) {
                known.put(p[0], p[1]);
            }
        }
        Map<String, String> out = new TreeMap<>();
        for (String[] d : drivers.values()) {
            if (d[0] == null) {
                continue;
            }
            String version = d[1] == null ? null : known.get(d[1]);
            out.put(d[0], d[1] == null ? "" : version == null ? d[1] : d[1] + "@" + version);
        }
        return out;
    }
}
