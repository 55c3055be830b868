package org.hanedge.fleet.event;

/**
 * Something that changed in the fleet, published with Spring's {@code ApplicationEventPublisher} inside the
 * transaction that made the change. Listeners that tell the outside world (the UI's live updates) use
 * {@code @TransactionalEventListener}, so they see it only after the commit.
 */
public sealed interface FleetEvent permits FleetEvent.Presence, FleetEvent.Alarm, FleetEvent.Readings {

    /** A gateway went online (birth) or offline (Last Will, shutdown). */
    record Presence(String gatewayId, boolean online, long atMillis, Long connectedAt, Long startedAt)
            implements FleetEvent {
    }

    /** What happened to an alarm. */
    enum AlarmChange { RAISED, CLEARED, ACKNOWLEDGED }

    /** An alarm was raised, cleared or acknowledged. {@code gatewayId} may be null for an acknowledgement. */
    record Alarm(long alarmId, String gatewayId, AlarmChange change) implements FleetEvent {
    }

    /** New readings were committed for these gateways (published after the commit). */
    record Readings(java.util.Set<String> gatewayIds) implements FleetEvent {
        public Readings {
            gatewayIds = java.util.Set.copyOf(gatewayIds);
        }
    }
}
