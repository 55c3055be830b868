package org.hanedge.gateway.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;

import org.hanedge.gateway.api.profile.DeviceProfile;
import org.junit.jupiter.api.Test;

/** {@code ChannelSpec.maxSilence()}: how long a channel of a shipped profile may stay silent before it is stale. */
class MaxSilenceTest {

    private static Optional<Duration> of(String profile, String channel) throws ProfileException {
        DeviceProfile p = ProfileLoader.load(ShippedProfilesTest.DIR.resolve(profile + ".yaml"));
        return p.channel(channel).orElseThrow().maxSilence();
    }

    @Test
    void fromTheHeartbeatTheWindowOrThePollAndNoneForEventSources() throws ProfileException {
        // window 10 s, poll 1 s: max(3 s, 20 s)
        assertEquals(Optional.of(Duration.ofSeconds(20)), of("pump-station", "pump1_current"));
        // report by exception with the profile's heartbeat of 15 min, polled every 10 s
        assertEquals(Optional.of(Duration.ofMinutes(30)), of("lake", "ph"));
        // a GPIO counter with a heartbeat of 10 min: the poll does not count for an event source
        assertEquals(Optional.of(Duration.ofMinutes(20)), of("pump-station", "rain_rate"));
        // a GPIO input reporting on change only: its silence is normal
        assertEquals(Optional.empty(), of("fishing-boat", "sos"));
    }
}
