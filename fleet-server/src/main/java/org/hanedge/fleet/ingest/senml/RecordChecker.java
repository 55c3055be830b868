package org.hanedge.fleet.ingest.senml;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.hanedge.contract.senml.DecodedPack;
import org.hanedge.contract.senml.Sample;
import org.hanedge.contract.senml.SenmlUnits;
import org.hanedge.contract.senml.ValueType;
import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.profile.ProfileCatalog;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.ValueKind;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Checks a decoded record against the profile of its device, as the gateway's birth announced it: the device must
 * have a profile the server knows, the channel must be in it, the value type must match the channel's kind (a
 * quality record without a value is fine), the unit must be the profile's field unit, none (the value is then in the
 * field unit, as the contract sends unregistered units), or a SenML unit that converts to the field unit (the number
 * is then converted back, so stored values, KPIs and thresholds stay in field units), and the time must lie between
 * the oldest accepted time and now + the allowed future skew. Thread-safe; the channel tables are built from the
 * catalog's versions (every version, so a gateway running an older or newer one is understood) and built again when
 * the library adds a version.
 */
@Component
public class RecordChecker {
    private final ProfileCatalog catalog;
    private volatile Tables tables;
    private final long maxFutureSkewMillis;
    private final long oldestMillis;

    public RecordChecker(ProfileCatalog catalog, Duration maxFutureSkew, long oldestMillis) {
        this.catalog = catalog;
        this.tables = build(catalog);
        this.maxFutureSkewMillis = maxFutureSkew.toMillis();
        this.oldestMillis = oldestMillis;
    }

    @Autowired
    public RecordChecker(ProfileCatalog catalog, FleetProperties properties) {
        this(catalog, properties.ingest().maxFutureSkew(), parseOldest(properties.ingest().oldestTime()));
    }

    /** {@code hanedge.fleet.ingest.oldest-time}: an ISO date (UTC midnight) or an ISO instant. */
    static long parseOldest(String value) {
        Objects.requireNonNull(value, "hanedge.fleet.ingest.oldest-time");
        try {
            return LocalDate.parse(value.trim()).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException notDate) {
            try {
                return Instant.parse(value.trim()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("hanedge.fleet.ingest.oldest-time must be an ISO date like "
                        + "2000-01-01 or an instant like 2000-01-01T00:00:00Z, got '" + value + "'");
            }
        }
    }

    /** The spec of a channel of a profile, derived window channels ({@code <name>_min/_max}) included. */
    public Optional<ChannelSpec> channel(String profileId, String channel) {
        Map<String, ChannelSpec> channels = channels(profileId);
        return channels == null ? Optional.empty() : Optional.ofNullable(channels.get(channel));
    }

    /**
     * @param gatewayId the sending gateway (for details)
     * @param profileId the profile of the record's device as the gateway's birth announced it, null when the device
     *                  was not announced (then {@link DeadLetterReason#UNKNOWN_DEVICE})
     * @param record    the decoded record (units as on the wire)
     * @param nowMillis the server's time
     * @return the record in the profile's unit, or why it is refused
     */
    public Checked check(String gatewayId, String profileId, DecodedPack.Decoded record, long nowMillis) {
        Sample r = record.sample();
        int index = record.index();
        if (profileId == null) {
            return refused(index, DeadLetterReason.UNKNOWN_DEVICE, "device \"" + Texts.clip(r.device())
                    + "\" is not announced by gateway " + Texts.clip(gatewayId) + " (no profile for it)");
        }
        Map<String, ChannelSpec> channels = channels(profileId);
        if (channels == null) {
            return refused(index, DeadLetterReason.UNKNOWN_PROFILE, "device \"" + Texts.clip(r.device())
                    + "\" uses profile \"" + Texts.clip(profileId) + "\", which the server does not have");
        }
        ChannelSpec spec = channels.get(r.channel());
        if (spec == null) {
            return refused(index, DeadLetterReason.UNKNOWN_CHANNEL, "channel \"" + Texts.clip(r.channel())
                    + "\" is not in profile " + profileId + " (device \"" + r.device() + "\")");
        }
        String name = r.device() + "/" + r.channel();
        ValueType expected = expected(spec.kind());
        if (r.type() == ValueType.NONE && r.quality() == null) {
            return refused(index, DeadLetterReason.WRONG_TYPE, "channel " + name + " is " + spec.kind()
                    + " (\"" + field(expected) + "\") but the record carries only a sum (\"s\"), which is not stored");
        }
        if (r.type() != ValueType.NONE && r.type() != expected) {
            return refused(index, DeadLetterReason.WRONG_TYPE, "channel " + name + " is " + spec.kind() + " (\""
                    + field(expected) + "\") but the record has \"" + field(r.type()) + "\"");
        }
        if (r.unit() != null && !r.unit().equals(spec.unit()) && !SenmlUnits.convertible(r.unit(), spec.unit())) {
            return refused(index, DeadLetterReason.WRONG_UNIT, "unit \"" + Texts.clip(r.unit(), 32) + "\" of " + name
                    + " is neither the profile's " + (spec.unit() == null ? "(none)" : "\"" + spec.unit() + "\"")
                    + " nor a SenML unit that converts to it");
        }
        if (r.timeMillis() < oldestMillis || r.timeMillis() > nowMillis + maxFutureSkewMillis) {
            return refused(index, DeadLetterReason.ABSURD_TIME, "time " + instant(r.timeMillis()) + " is "
                    + (r.timeMillis() < oldestMillis ? "before the oldest accepted time " + instant(oldestMillis)
                            : "more than " + Duration.ofMillis(maxFutureSkewMillis) + " after the server's time "
                                    + instant(nowMillis)));
        }
        return new Checked.Accepted(spec, inFieldUnit(r, spec.unit()));
    }

    /** The sample with its number in {@code fieldUnit} (the unit checked convertible) and that unit. */
    static Sample inFieldUnit(Sample r, String fieldUnit) {
        double number = r.number();
        if (r.type() == ValueType.NUMBER && r.unit() != null && !r.unit().equals(fieldUnit)) {
            number = SenmlUnits.convert(number, r.unit(), fieldUnit);
        }
        return new Sample(r.device(), r.channel(), fieldUnit, r.type(), number, r.bool(), r.text(), r.sum(),
                r.timeMillis(), r.quality(), r.seq());
    }

    private static Checked refused(int index, DeadLetterReason reason, String what) {
        return new Checked.Refused(new Refusal(index, reason, "record " + index + ": " + what));
    }

    private static ValueType expected(ValueKind kind) {
        return switch (kind) {
            case NUMBER -> ValueType.NUMBER;
            case BOOLEAN -> ValueType.BOOLEAN;
            case TEXT -> ValueType.TEXT;
        };
    }

    private static String field(ValueType type) {
        return switch (type) {
            case NUMBER -> "v";
            case BOOLEAN -> "vb";
            case TEXT -> "vs";
            case DATA -> "vd";
            case NONE -> "no value";
        };
    }

    private static String instant(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private Map<String, ChannelSpec> channels(String profileId) {
        Tables t = tables;
        if (t.generation() != catalog.generation()) {
            t = build(catalog);
            tables = t;
        }
        return profileId == null ? null : t.channelsByProfile().get(profileId);
    }

    /** The channel tables of a catalog generation: every version's channels, a newer version's spec winning. */
    private record Tables(long generation, Map<String, Map<String, ChannelSpec>> channelsByProfile) {
    }

    private static Tables build(ProfileCatalog catalog) {
        long generation = catalog.generation();
        Map<String, Map<String, ChannelSpec>> byProfile = new HashMap<>();
        for (DeviceProfile profile : catalog.allVersions()) { // oldest first per id
            Map<String, ChannelSpec> channels = byProfile.computeIfAbsent(profile.id(), k -> new HashMap<>());
            profile.channels().forEach(c -> {
                channels.put(c.name(), c);
                if (c.reporting() != null && c.reporting().window() != null) {
                    // a windowed channel also reports its window's extremes (docs/profiles.md, "window")
                    channels.put(c.name() + "_min", c);
                    channels.put(c.name() + "_max", c);
                }
            });
        }
        Map<String, Map<String, ChannelSpec>> frozen = new HashMap<>();
        byProfile.forEach((k, v) -> frozen.put(k, Map.copyOf(v)));
        return new Tables(generation, Map.copyOf(frozen));
    }
}
