package org.hanedge.gateway.api.profile;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A validated device profile.
 *
 * @param id          profile id, equal to the file name without {@code .yaml} (for example {@code pump-station})
 * @param version     semantic version of the profile; gateways report which version they run
 * @param description what equipment the profile was written for
 * @param channels    channels in declaration order; names are unique
 */
public record DeviceProfile(String id, String version, String description, List<ChannelSpec> channels) {
    /** Service property carrying {@link #id()} on the registered profile service. */
    public static final String PROFILE_ID = "hanedge.profile.id";
    /** Service property carrying {@link #version()} on the registered profile service. */
    public static final String PROFILE_VERSION = "hanedge.profile.version";

    public DeviceProfile {
        channels = List.copyOf(channels);
    }

    public Optional<ChannelSpec> channel(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The channels whose source is of the given kind, for example all Modbus channels. */
    public <S extends Source> List<ChannelSpec> channelsOn(Class<S> sourceKind) {
        return channels.stream().filter(c -> sourceKind.isInstance(c.source())).collect(Collectors.toList());
    }

    /** {@code id@version}, as reported by a gateway. */
    public String ref() {
        return id + "@" + version;
    }
}
