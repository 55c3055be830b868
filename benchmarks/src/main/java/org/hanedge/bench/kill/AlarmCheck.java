package org.hanedge.bench.kill;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The alarms against their transitions ({@code alarm_history}, written in the transaction of each change): every
 * alarm has exactly one RAISED transition, and it comes first; a CLEARED alarm has exactly one CLEARED transition and a
 * clear time, a RAISED one has neither; at most one alarm per gateway and key is open.
 *
 * @param alarms          alarms in the database
 * @param open            of them still RAISED
 * @param cleared         of them CLEARED
 * @param transitions     rows of alarm_history
 * @param inconsistencies alarms (or gateway/key pairs) contradicting their transitions
 * @param examples        a few of them, for the report
 */
public record AlarmCheck(long alarms, long open, long cleared, long transitions, long inconsistencies,
        List<String> examples) {

    public static AlarmCheck check(Connection db) throws SQLException {
        Map<Long, List<String>> history = new HashMap<>();
        long transitions = 0;
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT alarm_id, event_type FROM alarm_history ORDER BY alarm_id, id")) {
            while (rs.next()) {
                history.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                transitions++;
            }
        }
        long alarms = 0;
        long open = 0;
        long cleared = 0;
        long bad = 0;
        List<String> examples = new ArrayList<>();
        Set<String> openKeys = new HashSet<>();
        Set<Long> known = new HashSet<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT id, gateway_id, alarm_key, state, cleared_at FROM alarm ORDER BY id")) {
            while (rs.next()) {
                alarms++;
                long id = rs.getLong(1);
                known.add(id);
                String key = rs.getString(2) + "/" + rs.getString(3);
                String state = rs.getString(4);
                rs.getLong(5);
                boolean hasClearTime = !rs.wasNull();
                List<String> events = history.getOrDefault(id, List.of());
                long raised = events.stream().filter("RAISED"::equals).count();
                long clears = events.stream().filter("CLEARED"::equals).count();
                String problem = null;
                if (raised != 1 || !"RAISED".equals(events.get(0))) {
                    problem = "expected one RAISED transition first, got " + events;
                } else if ("RAISED".equals(state)) {
                    open++;
                    if (clears != 0 || hasClearTime) {
                        problem = "state RAISED but transitions " + events + (hasClearTime ? ", cleared_at set" : "");
                    } else if (!openKeys.add(key)) {
                        problem = "a second open alarm for " + key;
                    }
                } else if ("CLEARED".equals(state)) {
                    cleared++;
                    if (clears != 1 || !hasClearTime) {
                        problem = "state CLEARED but transitions " + events + (hasClearTime ? "" : ", no cleared_at");
                    }
                } else {
                    problem = "unknown state " + state;
                }
                if (problem != null) {
                    bad++;
                    if (examples.size() < 10) {
                        examples.add("alarm " + id + " (" + key + "): " + problem);
                    }
                }
            }
        }
        for (Long id : history.keySet()) {
            if (!known.contains(id)) {
                bad++;
                if (examples.size() < 10) {
                    examples.add("transitions " + history.get(id) + " of alarm " + id + ", which does not exist");
                }
            }
        }
        return new AlarmCheck(alarms, open, cleared, transitions, bad, List.copyOf(examples));
    }
}
