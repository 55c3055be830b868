package org.hanedge.fleet.alarm;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

import org.hanedge.fleet.api.BadRequestException;
import org.hanedge.fleet.api.NotFoundException;
import org.hanedge.fleet.api.PageDto;
import org.hanedge.fleet.telemetry.query.QueryParameters;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Lists alarms and records operators' acknowledgements. */
@Service
public class AlarmService {
    public static final int MAX_PAGE_SIZE = 500;
    public static final int DEFAULT_PAGE_SIZE = 50;

    private final AlarmRepository repository;
    private final Clock clock;
    private final List<AlarmListener> listeners;

    /** @param listeners told of every first acknowledgement (history, webhooks, live updates) */
    @Autowired
    public AlarmService(AlarmRepository repository, ObjectProvider<AlarmListener> listeners) {
        this(repository, Clock.systemUTC(), listeners.orderedStream().toList());
    }

    AlarmService(AlarmRepository repository, Clock clock) {
        this(repository, clock, List.of());
    }

    public AlarmService(AlarmRepository repository, Clock clock, List<AlarmListener> listeners) {
        this.repository = repository;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * A page of alarms, newest raised first. Parameters are the request's strings ({@code null} = not given).
     *
     * @param state        {@code RAISED}, {@code CLEARED} or {@code ALL} (default)
     * @param acknowledged {@code true} or {@code false}
     * @param from         raised at or after (ISO-8601 instant)
     * @param to           raised before (ISO-8601 instant)
     * @throws BadRequestException naming the malformed parameter
     */
    public PageDto<AlarmDto> list(String state, String acknowledged, String gateway, String severity, String from,
            String to, String page, String size) {
        AlarmFilter filter = new AlarmFilter(state(state), bool("acknowledged", acknowledged), blankToNull(gateway),
                severity == null || severity.isBlank() ? null : severity.trim().toUpperCase(Locale.ROOT),
                QueryParameters.instant("from", from, null), QueryParameters.instant("to", to, null));
        if (filter.from() != null && filter.to() != null && !filter.from().isBefore(filter.to())) {
            throw new BadRequestException("from", "must be before to");
        }
        int p = QueryParameters.intParam("page", page, 0, 0, Integer.MAX_VALUE);
        int s = QueryParameters.intParam("size", size, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        return new PageDto<>(repository.list(filter, (long) p * s, s), p, s, repository.count(filter));
    }

    /** @throws NotFoundException when there is no such alarm */
    public AlarmDto get(long id) {
        return repository.find(id).orElseThrow(() -> new NotFoundException("alarm", Long.toString(id)));
    }

    /**
     * Acknowledges an alarm (raised or cleared). Idempotent: the first acknowledgement is kept; acknowledging again
     * (by anyone) changes nothing and returns the alarm with the first acknowledgement. The first one writes an
     * {@code ACKNOWLEDGED} history row and tells the {@link AlarmListener}s, in the same transaction.
     *
     * @throws NotFoundException   when there is no such alarm
     * @throws BadRequestException naming {@code comment} when it is longer than 500 characters
     */
    @Transactional
    public AlarmDto acknowledge(long id, String user, String comment) {
        if (comment != null && comment.length() > 500) {
            throw new BadRequestException("comment", "is longer than 500 characters");
        }
        get(id);
        long now = clock.millis();
        String note = blankToNull(comment);
        if (repository.acknowledge(id, user, note, now)) {
            AlarmRecorder.notify(repository, listeners, AlarmEventType.ACKNOWLEDGED, id, now, user, note);
        }
        return get(id);
    }

    /**
     * The alarm's transitions, oldest first: RAISED, ACKNOWLEDGED (with user and comment), CLEARED.
     *
     * @throws NotFoundException when there is no such alarm
     */
    public List<AlarmHistoryDto> history(long id) {
        get(id);
        return repository.history(id);
    }

    private static AlarmState state(String value) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("ALL")) {
            return null;
        }
        try {
            return AlarmState.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("state", "'" + value + "' is not one of RAISED, CLEARED, ALL");
        }
    }

    private static Boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadRequestException(name, "'" + value + "' is not true or false");
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
