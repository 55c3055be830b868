package org.hanedge.gateway.api.profile;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Alarm limits of a channel; each limit is optional ({@code null}). For boolean channels {@code state} names the
 * value that is an alarm. {@code lowLow < low < high < highHigh} where present.
 *
 * <p>A level alarm is raised when the value reaches its limit and has stayed there for {@code delayOn}; it clears
 * when the value is back inside the limit by at least {@code hysteresis} and has stayed so for {@code delayOff}.
 *
 * @param lowLow       low-low limit
 * @param low          low limit
 * @param high         high limit
 * @param highHigh     high-high limit
 * @param hysteresis   how far back inside a limit the value must come before the alarm clears
 * @param state        for boolean channels: the value that raises the alarm
 * @param rateOfChange largest allowed change per minute (absolute, in the channel's unit), or {@code null}
 * @param stuckAfter   a value unchanged (exactly) for this long raises {@link AlarmKind#STUCK}, or {@code null}
 * @param delayOn      how long a condition must hold before the alarm is raised ({@link Duration#ZERO}: at once)
 * @param delayOff     how long the clear condition must hold before the alarm clears ({@link Duration#ZERO}: at once)
 * @param severities   severity overrides per kind; kinds not listed take {@link #defaultSeverity(AlarmKind)}
 */
public record AlarmLimits(Double lowLow, Double low, Double high, Double highHigh, double hysteresis, Boolean state,
        Double rateOfChange, Duration stuckAfter, Duration delayOn, Duration delayOff,
        Map<AlarmKind, Severity> severities) {
    public static final AlarmLimits NONE = new AlarmLimits(null, null, null, null, 0, null);

    public AlarmLimits {
        delayOn = delayOn == null ? Duration.ZERO : delayOn;
        delayOff = delayOff == null ? Duration.ZERO : delayOff;
        severities = severities == null || severities.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(severities));
    }

    /** Level and state limits only, no delays, default severities. */
    public AlarmLimits(Double lowLow, Double low, Double high, Double highHigh, double hysteresis, Boolean state) {
        this(lowLow, low, high, highHigh, hysteresis, state, null, null, Duration.ZERO, Duration.ZERO, Map.of());
    }

    public boolean isEmpty() {
        return lowLow == null && low == null && high == null && highHigh == null && state == null
                && rateOfChange == null && stuckAfter == null;
    }

    /** The severity of an alarm of this kind on this channel. */
    public Severity severityOf(AlarmKind kind) {
        return severities.getOrDefault(kind, defaultSeverity(kind));
    }

    /** LOW_LOW and HIGH_HIGH are CRITICAL; LOW, HIGH and STATE MAJOR; RATE_OF_CHANGE and STUCK MINOR. */
    public static Severity defaultSeverity(AlarmKind kind) {
        return switch (kind) {
            case LOW_LOW, HIGH_HIGH -> Severity.CRITICAL;
            case LOW, HIGH, STATE -> Severity.MAJOR;
            case RATE_OF_CHANGE, STUCK -> Severity.MINOR;
        };
    }
}
