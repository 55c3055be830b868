package org.hanedge.fleet.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import org.hanedge.fleet.alarm.AlarmEventType;
import org.hanedge.fleet.alarm.AlarmListener;
import org.hanedge.fleet.alarm.AlarmTransition;
import org.springframework.stereotype.Component;

/** Records every first acknowledgement of an alarm, inside the acknowledgement's transaction. */
@Component
class AlarmAudit implements AlarmListener {
    private final AuditLog log;

    AlarmAudit(AuditLog log) {
        this.log = log;
    }

    @Override
    public void onTransition(AlarmTransition t) {
        if (t.type() != AlarmEventType.ACKNOWLEDGED) {
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("alarm", t.alarm().id());
        details.put("key", t.alarm().key());
        details.put("severity", t.alarm().severity());
        details.put("state", t.alarm().state().name());
        if (t.comment() != null) {
            details.put("comment", t.comment());
        }
        log.record(t.actor(), AuditAction.ALARM_ACKNOWLEDGED, t.alarm().gateway(), "ACKNOWLEDGED", details);
    }
}
