package org.hanedge.gateway.profile;

import java.util.List;
import java.util.stream.Collectors;

import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.GpioMode;
import org.hanedge.gateway.api.profile.GpioSource;

/** Finding channels and output channels (GPIO outputs) among a profile's valid channels, for references. */
final class Outputs {
    private Outputs() {
    }

    /** Whether the channel can be set: a GPIO pin in mode output. */
    static boolean isOutput(ChannelSpec c) {
        return c.source() instanceof GpioSource g && g.mode() == GpioMode.OUTPUT;
    }

    /** The channel named {@code name}, or null. */
    static ChannelSpec find(List<ChannelSpec> channels, String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    /** {@code outputs: a, b} or {@code this profile has no output channels}, for messages. */
    static String describe(List<ChannelSpec> channels) {
        List<String> outputs = channels.stream().filter(Outputs::isOutput).map(ChannelSpec::name)
                .collect(Collectors.toList());
        return outputs.isEmpty() ? "this profile has no output channels" : "outputs: " + String.join(", ", outputs);
    }

    /** {@code channels: a, b, c}, for messages. */
    static String channelNames(List<ChannelSpec> channels) {
        return "channels: " + channels.stream().map(ChannelSpec::name).collect(Collectors.joining(", "));
    }
}
