package org.hanedge.gateway.rules.internal;

import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Shell command {@code hanedge:alarms}: the active alarms with severity, since when, and message. */
@Component(service = AlarmsCommand.class, property = {
    "osgi.command.scope=hanedge",
    "osgi.command.function=alarms"
})
public class AlarmsCommand {
    private final ActiveAlarms alarms;

    @Activate
    public AlarmsCommand(@Reference ActiveAlarms alarms) {
        this.alarms = alarms;
    }

    /** Active alarms, sorted by id. */
    public String alarms() {
        return format(alarms.activeAlarms());
    }

    static String format(Map<String, AlarmTransition> active) {
        if (active.isEmpty()) {
            return "no active alarms" + System.lineSeparator();
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-44s %-8s %-24s %s%n", "ALARM",
                "SEVERITY", "SINCE", "MESSAGE"));
        active.forEach((id, t) -> sb.append(t == null
                ? String.format(Locale.ROOT, "%-44s %-8s %-24s %s%n", id, "?", "-",
                        "active before the restart; not evaluated since")
                : String.format(Locale.ROOT, "%-44s %-8s %-24s %s%n", id, t.severity(), t.since(), t.message())));
        return sb.toString();
    }
}
