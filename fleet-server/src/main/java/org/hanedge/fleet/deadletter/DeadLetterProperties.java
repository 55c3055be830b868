package org.hanedge.fleet.deadletter;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code hanedge.fleet.dead-letters}.
 *
 * @param maxAge               dead letters received longer ago are deleted (hourly)
 * @param maxCount             at most this many are kept; the oldest beyond are deleted (hourly)
 * @param replayOnBirthWithin  when a gateway's birth is stored, its {@code UNKNOWN_DEVICE} dead letters received
 *                             within this time and not yet stored are replayed (0 = never)
 * @param maxReplay            dead letters replayed at most by one request or one birth
 */
@ConfigurationProperties("hanedge.fleet.dead-letters")
public record DeadLetterProperties(
        @DefaultValue("30d") Duration maxAge,
        @DefaultValue("100000") int maxCount,
        @DefaultValue("24h") Duration replayOnBirthWithin,
        @DefaultValue("1000") int maxReplay) {

    public DeadLetterProperties {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("hanedge.fleet.dead-letters.max-age must be positive, got " + maxAge);
        }
        if (maxCount < 1) {
            throw new IllegalArgumentException("hanedge.fleet.dead-letters.max-count must be positive, got " + maxCount);
        }
        if (maxReplay < 1) {
            throw new IllegalArgumentException("hanedge.fleet.dead-letters.max-replay must be positive, got "
                    + maxReplay);
        }
    }
}
