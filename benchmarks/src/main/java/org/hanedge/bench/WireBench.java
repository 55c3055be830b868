package org.hanedge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hanedge.contract.mqtt.PublishSize;
import org.hanedge.contract.mqtt.TelemetryForm;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.contract.mqtt.UserProperties;
import org.hanedge.contract.senml.Precisions;
import org.hanedge.contract.senml.Sample;
import org.hanedge.contract.senml.SenmlEncoder;
import org.hanedge.contract.senml.SenmlFormat;
import org.hanedge.contract.senml.ThinEncoder;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.ValueKind;
import org.hanedge.gateway.profile.ProfileLoader;
import org.hanedge.simulators.fleet.FleetPrecisions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Bytes on the wire per reading for the three telemetry forms (JSON, CBOR, thin) at pack sizes 1, 10, 50 and 200:
 * the whole MQTT 5 PUBLISH of a message after the session's first (fixed header, the topic as a topic alias, packet
 * id, content type, payload-format indicator, the {@code seq} and {@code seq-count} user properties of JSON and CBOR,
 * payload), computed byte-exactly by {@link PublishSize}. Readings: what a
 * gateway sends for one device per demo profile ({@link WireReadings}: signal model, polls, report-by-exception),
 * rounded to the profile's precision; a pack of n is the next n readings sent.
 * Monthly volume per site kind: the same readings over 30 days (every sample, no report-by-exception: an upper
 * bound) at 50 readings per message.
 */
@Command(name = "bench wire", mixinStandardHelpOptions = true,
        description = "Bytes on the wire per reading, JSON vs CBOR vs thin, and monthly volume per site kind.")
public final class WireBench implements Callable<Integer> {
    static final int[] PACK_SIZES = {1, 10, 50, 200};
    static final String[] PROFILES = {"lake", "pump-station", "intersection", "waste-truck", "fishing-boat"};
    static final long T0 = 1_796_000_000_000L;
    static final long FIRST_SEQ = 4_200_000L;

    @Option(names = "--profiles", required = true, description = "device profiles directory")
    Path profiles;
    @Option(names = "--out", description = "JSON result file")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new WireBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Map<String, Map<String, Double>>> byProfile = new LinkedHashMap<>();
        Map<String, Map<String, Double>> mean = new LinkedHashMap<>();
        Map<String, Object> monthly = new LinkedHashMap<>();
        Map<String, Object> windowByProfile = new LinkedHashMap<>();
        Map<String, Object> mixByProfile = new LinkedHashMap<>();
        Map<String, Integer> firstExtra = new LinkedHashMap<>();
        for (String id : PROFILES) {
            DeviceProfile profile = ProfileLoader.load(profiles.resolve(id + ".yaml"));
            String gateway = "dn-" + id + "-0042";
            WireReadings.Stream sent = WireReadings.of(profile, id + "-1", 200, FIRST_SEQ);
            List<Sample> stream = sent.samples();
            Precisions precisions = FleetPrecisions.of(profile);
            Map<String, Long> windows = new LinkedHashMap<>();
            for (int n : PACK_SIZES) {
                windows.put(Integer.toString(n), sent.windowSeconds(n));
            }
            windowByProfile.put(id, windows);
            mixByProfile.put(id, mix(stream.subList(0, 50)));
            Map<String, Map<String, Double>> forms = new LinkedHashMap<>();
            for (TelemetryForm form : TelemetryForm.values()) {
                Map<String, Double> perSize = new LinkedHashMap<>();
                for (int n : PACK_SIZES) {
                    double b = bytesPerReading(form, gateway, stream.subList(0, n), precisions);
                    perSize.put(Integer.toString(n), Math.round(b * 10) / 10.0);
                    mean.computeIfAbsent(form.name().toLowerCase(), k -> new LinkedHashMap<>())
                            .merge(Integer.toString(n), b / PROFILES.length, Double::sum);
                }
                forms.put(form.name().toLowerCase(), perSize);
            }
            byProfile.put(id, forms);
            firstExtra.put(id, firstOfSessionExtra(TelemetryForm.THIN, gateway, stream.subList(0, 50), precisions));
            double perMonth = readingsPerMonth(profile);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("readingsPerMonth", Math.round(perMonth));
            for (TelemetryForm form : TelemetryForm.values()) {
                m.put(form.name().toLowerCase() + "MiB", Math.round(perMonth
                        * forms.get(form.name().toLowerCase()).get("50") / (1 << 20) * 10) / 10.0);
            }
            monthly.put(id, m);
        }
        mean.values().forEach(v -> v.replaceAll((k, x) -> Math.round(x * 10) / 10.0));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("bytesPerReading", mean);
        result.put("bytesPerReadingByProfile", byProfile);
        result.put("packWindowSecondsByProfile", windowByProfile);
        result.put("packOf50ByProfile", mixByProfile);
        result.put("monthlyPerSiteAt50PerMessage", monthly);
        result.put("firstOfSessionExtraBytes", Map.of("thin50", firstExtra));
        result.put("target", "thin <= 16 bytes per reading at 50 readings per message");
        result.put("notes", List.of("bytesPerReading is the mean over the five demo profiles",
                "whole MQTT 5 PUBLISH, QoS 1, of a telemetry message after the session's first: topic "
                        + "hanedge/v1/dn-{profile}-0042/telemetry as a topic alias (empty topic name + 3-byte Topic "
                        + "Alias property, as the gateway's Paho client sends it when the broker allows aliases), "
                        + "content type, payload-format indicator (JSON), user properties seq and seq-count (JSON "
                        + "and CBOR; a thin pack numbers its records itself and has none)",
                "firstOfSessionExtraBytes: what the session's first telemetry message has more (its topic name)",
                "readings: device {profile}-1 simulated by the simulators' signal model from 2026-11-27 08:15 Da Nang "
                        + "(after a 15 min warm-up), Modbus channels polled at their intervals through the gateway's "
                        + "report-by-exception filter; a pack of n = the next n readings sent, gathered over "
                        + "packWindowSecondsByProfile; NMEA and GPIO channels left out (no signal model here)",
                "precision: the profile's precision key per channel (as the gateway rounds)",
                "monthly: every sample at the channel's poll interval for 30 days (no report-by-exception: an upper "
                        + "bound), at the 50-reading figure"));
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
        System.out.println(json);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json);
        }
        return 0;
    }

    /**
     * The PUBLISH of a telemetry message after the session's first: the gateway's Paho client sends it with a topic
     * alias (empty topic name + Topic Alias property), as ThinGatherMqttTest and the fleet server's ThinIngestTest
     * read on the wire; JSON and CBOR with the {@code seq} and {@code seq-count} user properties, thin without.
     */
    static double bytesPerReading(TelemetryForm form, String gateway, List<Sample> pack, Precisions precisions) {
        int payload = payload(form, gateway, pack, precisions).length;
        int size = PublishSize.aliased(1, form.contentType().mime(), form.contentType().utf8(),
                userProperties(form, pack), payload);
        return (double) size / pack.size();
    }

    /** The bytes a session's first telemetry message has more than the others: its topic name (with the alias). */
    static int firstOfSessionExtra(TelemetryForm form, String gateway, List<Sample> pack, Precisions precisions) {
        int payload = payload(form, gateway, pack, precisions).length;
        String ct = form.contentType().mime();
        boolean utf8 = form.contentType().utf8();
        Map<String, String> props = userProperties(form, pack);
        return PublishSize.of(Topics.of(gateway, TopicKind.TELEMETRY), 1, ct, utf8, props, payload) + 3
                - PublishSize.aliased(1, ct, utf8, props, payload);
    }

    private static byte[] payload(TelemetryForm form, String gateway, List<Sample> pack, Precisions precisions) {
        return form == TelemetryForm.THIN ? new ThinEncoder(1000).encode(gateway, pack, precisions)
                : new SenmlEncoder(form == TelemetryForm.JSON ? SenmlFormat.JSON : SenmlFormat.CBOR)
                        .encodePack(gateway, pack, precisions);
    }

    private static Map<String, String> userProperties(TelemetryForm form, List<Sample> pack) {
        Map<String, String> props = new LinkedHashMap<>();
        if (form.carriesSeqProperties()) {
            props.put(UserProperties.SEQ, Long.toString(pack.get(0).seq()));
            props.put(UserProperties.SEQ_COUNT, Integer.toString(pack.size()));
        }
        return props;
    }

    /** Readings per channel in a pack, most first. */
    static Map<String, Long> mix(List<Sample> pack) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        pack.forEach(x -> counts.merge(x.channel(), 1L, Long::sum));
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    static long pollMillis(ChannelSpec c) {
        Duration poll = c.poll() == null ? Duration.ofSeconds(10) : c.poll();
        return Math.max(1000, poll.toMillis() / 1000 * 1000);
    }

    static double readingsPerMonth(DeviceProfile profile) {
        double perSecond = 0;
        for (ChannelSpec c : profile.channels()) {
            if (c.kind() != ValueKind.TEXT) {
                perSecond += 1000.0 / pollMillis(c);
            }
        }
        return perSecond * 86400 * 30;
    }
}
