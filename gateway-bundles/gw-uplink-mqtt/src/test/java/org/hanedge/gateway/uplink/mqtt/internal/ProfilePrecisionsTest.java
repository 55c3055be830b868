package org.hanedge.gateway.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.Reporting;
import org.hanedge.gateway.api.profile.ValueKind;
import org.junit.jupiter.api.Test;

class ProfilePrecisionsTest {
    private static ChannelSpec channel(String name, BigDecimal precision) {
        return new ChannelSpec(name, "", "A", ValueKind.NUMBER, null, Duration.ofSeconds(1),
                new Reporting(0, false, null), AlarmLimits.NONE, null, precision);
    }

    private final DeviceProfile pump = new DeviceProfile("pump-station", "1.0.0", "",
            List.of(channel("pump1_current", new BigDecimal("0.1")), channel("raw", null)));
    private final ProfilePrecisions precisions = new ProfilePrecisions(Map.of("p1", pump)::get);

    @Test
    void aChannelsPrecisionComesFromItsDevicesProfile() {
        assertEquals(new BigDecimal("0.1"), precisions.of("p1", "pump1_current"));
        assertNull(precisions.of("p1", "raw"), "declared none");
        assertNull(precisions.of("p1", "unknown"));
        assertNull(precisions.of("other-device", "pump1_current"), "device without a known profile");
    }

    @Test
    void windowMinAndMaxTakeTheirChannelsPrecision() {
        assertEquals(new BigDecimal("0.1"), precisions.of("p1", "pump1_current_min"));
        assertEquals(new BigDecimal("0.1"), precisions.of("p1", "pump1_current_max"));
    }
}
