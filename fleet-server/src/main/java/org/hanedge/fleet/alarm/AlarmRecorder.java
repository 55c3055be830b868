package org.hanedge.fleet.alarm;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records alarms as the ingest receives them (raise and clear events of the gateways' edge rules) or as server
 * rules decide them. An alarm is identified by (gateway, alarm key): at most one alarm per key is open
 * ({@link AlarmState#RAISED}) at a time.
 *
 * <p>Idempotent: raising a key that is already open returns that alarm unchanged (a repeated or replayed raise),
 * and so does a raise whose {@code seq} already raised an alarm with the key; a clear whose {@code seq} already
 * cleared one returns it. Calls are serialised within this server instance.
 *
 * <p>Every raise that records an alarm and every clear that closes one writes an {@code alarm_history} row and tells
 * the {@link AlarmListener}s (the webhook outbox), all in the transaction of the change; ignored repeats do neither.
 */
@Service
public class AlarmRecorder {
    private final AlarmRepository repository;
    private final List<AlarmListener> listeners;

    /** Without listeners (tests of the alarm table alone). */
    public AlarmRecorder(AlarmRepository repository) {
        this(repository, List.of());
    }

    @Autowired
    public AlarmRecorder(AlarmRepository repository, ObjectProvider<AlarmListener> listeners) {
        this(repository, listeners.orderedStream().toList());
    }

    public AlarmRecorder(AlarmRepository repository, List<AlarmListener> listeners) {
        this.repository = repository;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * The outcome of a raise.
     *
     * @param id      the open alarm
     * @param created a new alarm was recorded; false when the raise repeated an open one
     */
    public record Raised(long id, boolean created) {
    }

    /** Raises an alarm decided by a gateway ({@link AlarmSource#GATEWAY}). See the other overload. */
    public Raised raise(String gatewayId, String deviceId, String channel, String alarmKey, String severity,
            String message, Double value, Double limit, long raisedAtMillis, Long seq) {
        return raise(AlarmSource.GATEWAY, gatewayId, deviceId, channel, alarmKey, severity, message, value, limit,
                raisedAtMillis, seq);
    }

    /**
     * Raises an alarm unless one with the same key is open.
     *
     * @param deviceId       may be null (a gateway-level alarm)
     * @param channel        may be null
     * @param alarmKey       stable id of the condition, at most 128 characters
     * @param severity       e.g. {@code WARNING}, {@code CRITICAL}, {@code HIGH_HIGH}; stored upper case, at most 16
     * @param message        human text, cut to 500 characters
     * @param value          the value that raised it, may be null
     * @param limit          the limit crossed, may be null
     * @param seq            the gateway's outbox sequence number of the raise event, may be null (server alarms)
     * @throws IllegalArgumentException when the gateway, key or severity is missing or too long
     */
    @Transactional
    public synchronized Raised raise(AlarmSource source, String gatewayId, String deviceId, String channel,
            String alarmKey, String severity, String message, Double value, Double limit, long raisedAtMillis,
            Long seq) {
        require("gatewayId", gatewayId, 64);
        require("alarmKey", alarmKey, 128);
        require("severity", severity, 16);
        Optional<AlarmDto> existing = repository.findOpenOrRaisedBy(gatewayId, alarmKey, seq);
        if (existing.isPresent()) {
            return new Raised(existing.get().id(), false);
        }
        long id = repository.insert(gatewayId, deviceId, channel, alarmKey,
                severity.trim().toUpperCase(Locale.ROOT), source, cut(message, 500), value, limit, raisedAtMillis,
                seq);
        transition(AlarmEventType.RAISED, id, raisedAtMillis, source.name(), null);
        return new Raised(id, true);
    }

    /**
     * Clears the open alarm with the key.
     *
     * @param seq the gateway's sequence number of the clear event, may be null
     * @return the cleared alarm's id; empty when no alarm with the key was open (nothing is recorded)
     */
    @Transactional
    public synchronized Optional<Long> clear(String gatewayId, String alarmKey, long clearedAtMillis, Long seq) {
        require("gatewayId", gatewayId, 64);
        require("alarmKey", alarmKey, 128);
        if (seq != null) {
            Optional<AlarmDto> replay = repository.findClearedBy(gatewayId, alarmKey, seq);
            if (replay.isPresent()) {
                return Optional.of(replay.get().id());
            }
        }
        Optional<Long> cleared = repository.clearOpen(gatewayId, alarmKey, clearedAtMillis, seq);
        cleared.ifPresent(id -> transition(AlarmEventType.CLEARED, id, clearedAtMillis, null, null));
        return cleared;
    }

    /** (gateway, key) of every open alarm from that source: what a server rule may have to clear. */
    public Set<OpenAlarm> open(AlarmSource source) {
        return repository.open(source);
    }

    /** Writes the history row and tells the listeners; {@code actor} null = the alarm's source. */
    private void transition(AlarmEventType type, long id, long at, String actor, String comment) {
        notify(repository, listeners, type, id, at, actor, comment);
    }

    static void notify(AlarmRepository repository, List<AlarmListener> listeners, AlarmEventType type, long id,
            long at, String actor, String comment) {
        AlarmDto alarm = repository.find(id).orElseThrow();
        String who = actor == null ? alarm.source().name() : actor;
        repository.insertHistory(id, type, at, who, comment, alarm);
        AlarmTransition t = new AlarmTransition(type, alarm, Instant.ofEpochMilli(at), who, comment);
        for (AlarmListener l : listeners) {
            l.onTransition(t);
        }
    }

    private static void require(String name, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(name + " is longer than " + max + " characters");
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
