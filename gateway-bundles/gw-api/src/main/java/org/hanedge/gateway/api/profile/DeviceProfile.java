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
 * @param interlocks  conditions guarding output channels
 * @param rules       local control rules
 */
public record DeviceProfile(String id, String version, String description, List<ChannelSpec> channels,
        List<Interlock> interlocks, List<ControlRule> rules) {
    /** Service property carrying {@link #id()} on the registered profile service. */
    public static final String PROFILE_ID = "hanedge.profile.id";
    /** Service property carrying {@link #version()} on the registered profile service. */
    public static final String PROFILE_VERSION = "hanedge.profile.version";

    public DeviceProfile {
        channels = List.copyOf(channels);
        interlocks = List.copyOf(interlocks);
        rules = List.copyOf(rules);
    }

    /** A profile without interlocks or rules. */
    public DeviceProfile(String id, String version, String description, List<ChannelSpec> channels) {
        this(id, version, description, channels, List.of(), List.of());
    }

    /** A profile without rules. */
    public DeviceProfile(String id, String version, String description, List<ChannelSpec> channels,
            List<Interlock> interlocks) {
        this(id, version, description, channels, interlocks, List.of());
    }

    /** The interlocks guarding one output channel. */
    public List<Interlock> interlocksOf(String output) {
        return interlocks.stream().filter(i -> i.output().equals(output)).collect(Collectors.toList());
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
