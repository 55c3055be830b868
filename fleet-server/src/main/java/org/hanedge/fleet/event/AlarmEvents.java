package org.hanedge.fleet.event;

import org.hanedge.fleet.alarm.AlarmListener;
import org.hanedge.fleet.alarm.AlarmTransition;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Turns alarm transitions (told to every {@link AlarmListener} inside the transaction that made them) into
 * {@link FleetEvent.Alarm} application events for the live views.
 */
@Component
public class AlarmEvents implements AlarmListener {
    private final ApplicationEventPublisher events;

    public AlarmEvents(ApplicationEventPublisher events) {
        this.events = events;
    }

    @Override
    public void onTransition(AlarmTransition t) {
        FleetEvent.AlarmChange change = switch (t.type()) {
            case RAISED -> FleetEvent.AlarmChange.RAISED;
            case ACKNOWLEDGED -> FleetEvent.AlarmChange.ACKNOWLEDGED;
            case CLEARED -> FleetEvent.AlarmChange.CLEARED;
        };
        events.publishEvent(new FleetEvent.Alarm(t.alarm().id(), t.alarm().gateway(), change));
    }
}
