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
import java.util.function.Function;

import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.profile.ProfileCatalog;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.ValueKind;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Checks decoded records against the profile of their device: the device must have a profile the server knows,
 * the channel must be in it, the value type must match the channel's kind (a value-less record is fine), a unit,
 * when given, must be the profile's, and the time must lie between the oldest accepted time and now + the allowed
 * future skew. Thread-safe; the channel tables are built once from the (immutable) catalog.
 */
@Component
public class RecordChecker {
    private final Map<String, Map<String, ChannelSpec>> channelsByProfile = new HashMap<>();
    private final long maxFutureSkewMillis;
    private final long oldestMillis;

    public RecordChecker(ProfileCatalog catalog, Duration maxFutureSkew, long oldestMillis) {
        for (DeviceProfile profile : catalog.all()) {
            Map<String, ChannelSpec> channels = new HashMap<>();
            profile.channels().forEach(c -> {
                channels.put(c.name(), c);
                if (c.reporting() != null && c.reporting().window() != null) {
                    // a windowed channel also reports its window's extremes (docs/profiles.md, "window")
                    channels.put(c.name() + "_min", c);
                    channels.put(c.name() + "_max", c);
                }
            });
            channelsByProfile.put(profile.id(), Map.copyOf(channels));
        }
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
        Map<String, ChannelSpec> channels = channelsByProfile.get(profileId);
        return channels == null ? Optional.empty() : Optional.ofNullable(channels.get(channel));
    }

    /**
     * @param gatewayId       the sending gateway (for details)
     * @param profileOfDevice the profile id of each device the gateway announced (its birth message), null when it
     *                        was not announced (then {@link DeadLetterReason#UNKNOWN_DEVICE})
     * @param nowMillis       the server's time
     * @return the problem, or empty when the record may be stored
     */
    public Optional<RecordProblem> check(String gatewayId, Function<String, String> profileOfDevice, SenmlRecord r,
            long nowMillis) {
        String profileId = profileOfDevice.apply(r.deviceId());
        if (profileId == null) {
            return problem(r, DeadLetterReason.UNKNOWN_DEVICE, "device \"" + Texts.clip(r.deviceId())
                    + "\" is not announced by gateway " + Texts.clip(gatewayId) + " (no profile for it)");
        }
        Map<String, ChannelSpec> channels = channelsByProfile.get(profileId);
        if (channels == null) {
            return problem(r, DeadLetterReason.UNKNOWN_PROFILE, "device \"" + Texts.clip(r.deviceId())
                    + "\" uses profile \"" + Texts.clip(profileId) + "\", which the server does not have");
        }
        ChannelSpec spec = channels.get(r.channel());
        if (spec == null) {
            return problem(r, DeadLetterReason.UNKNOWN_CHANNEL, "channel \"" + Texts.clip(r.channel())
                    + "\" is not in profile " + profileId + " (device \"" + r.deviceId() + "\")");
        }
        ValueType expected = expected(spec.kind());
        if (r.valueType() != ValueType.NONE && r.valueType() != expected) {
            return problem(r, DeadLetterReason.WRONG_TYPE, "channel " + r.deviceId() + "/" + r.channel() + " is "
                    + spec.kind() + " (\"" + field(expected) + "\") but the record has \"" + field(r.valueType()) + "\"");
        }
        if (r.unit() != null && !r.unit().equals(spec.unit())) {
            return problem(r, DeadLetterReason.WRONG_UNIT, "unit \"" + Texts.clip(r.unit(), 32) + "\" of "
                    + r.deviceId() + "/" + r.channel() + " differs from the profile's "
                    + (spec.unit() == null ? "(none)" : "\"" + spec.unit() + "\""));
        }
        if (r.timeMillis() < oldestMillis || r.timeMillis() > nowMillis + maxFutureSkewMillis) {
            return problem(r, DeadLetterReason.ABSURD_TIME, "time " + instant(r.timeMillis()) + " is "
                    + (r.timeMillis() < oldestMillis ? "before the oldest accepted time " + instant(oldestMillis)
                            : "more than " + Duration.ofMillis(maxFutureSkewMillis) + " after the server's time "
                                    + instant(nowMillis)));
        }
        return Optional.empty();
    }

    private static Optional<RecordProblem> problem(SenmlRecord r, DeadLetterReason reason, String what) {
        return Optional.of(new RecordProblem(r.index(), reason, "record " + r.index() + ": " + what,
                Texts.clip(r.describe(), RecordProblem.MAX_RECORD_TEXT)));
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
            case NONE -> "no value";
        };
    }

    private static String instant(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
