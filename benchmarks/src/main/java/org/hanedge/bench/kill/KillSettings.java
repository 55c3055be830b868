package org.hanedge.bench.kill;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a kill soak does.
 *
 * @param store        the server's database
 * @param rounds       SIGKILLs (the server is started {@code rounds + 1} times)
 * @param gateways     virtual gateways (site kinds round-robin)
 * @param rate         readings per second per gateway
 * @param interval     each gateway publishes one pack per interval
 * @param maxKillDelay each kill comes at a seeded random moment within this long after the fleet is back online
 * @param seed         seeds the kill moments and the fleet's values
 * @param jar          the fleet server's executable jar
 * @param profiles     the device profiles directory
 * @param dir          working directory (server data, sites CSV)
 * @param heap         the server's -Xmx
 */
public record KillSettings(KillStore store, int rounds, int gateways, double rate, Duration interval,
        Duration maxKillDelay, long seed, Path jar, Path profiles, Path dir, String heap) {
    public KillSettings {
        dir = dir.toAbsolutePath().normalize(); // the server's H2 URL needs an absolute path
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
        if (gateways < 1) {
            throw new IllegalArgumentException("gateways must be at least 1, got " + gateways);
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be positive, got " + rate);
        }
    }

    /** Readings per second offered by the whole fleet. */
    public double offeredRate() {
        return gateways * rate;
    }
}
