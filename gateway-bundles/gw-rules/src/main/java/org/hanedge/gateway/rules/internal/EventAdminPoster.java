package org.hanedge.gateway.rules.internal;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Posts every raise and clear to Event Admin (asynchronously), on {@value #RAISED} / {@value #CLEARED} with the
 * properties {@code alarm}, {@code device}, {@code channel}, {@code kind}, {@code severity}, {@code value},
 * {@code limit}, {@code time} (epoch ms), {@code message}. Without Event Admin this component stays unsatisfied
 * and alarms only go to the outbox.
 */
@Component(service = AlarmSink.class)
public class EventAdminPoster implements AlarmSink {
    public static final String RAISED = "org/hanedge/gateway/alarm/RAISED";
    public static final String CLEARED = "org/hanedge/gateway/alarm/CLEARED";

    private final EventAdmin events;

    @Activate
    public EventAdminPoster(@Reference EventAdmin events) {
        this.events = events;
    }

    @Override
    public void alarm(AlarmTransition t) {
        Map<String, Object> p = new HashMap<>();
        p.put("alarm", t.id());
        p.put("device", t.deviceId());
        p.put("channel", t.channel());
        p.put("kind", t.kind().name());
        p.put("severity", t.severity().name());
        if (t.value() != null) {
            p.put("value", t.value());
        }
        if (t.limit() != null) {
            p.put("limit", t.limit());
        }
        p.put("time", t.time().toEpochMilli());
        p.put("message", t.message());
        events.postEvent(new Event(t.raised() ? RAISED : CLEARED, p));
    }
}
