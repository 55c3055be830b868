package org.hanedge.gateway.config.agent.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

import org.hanedge.contract.config.ConfigError;
import org.hanedge.contract.config.ReportedConfig;
import org.hanedge.gateway.api.site.SiteChange;
import org.hanedge.gateway.api.site.SiteConfigurator;
import org.hanedge.gateway.api.site.SiteProblem;
import org.hanedge.gateway.api.site.SiteRefusedException;

/** Test doubles for the agent: the site, the health probe, time, the reporter. */
final class Fakes {
    private Fakes() {
    }

    /** Site documents as the site parser would see them: a device list and a deadband, nothing more. */
    static Map<String, Object> siteDoc(int unitId, double deadband) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("gateway", Map.of("id", "gw-1"));
        doc.put("devices", List.of(Map.of("id", "lake-1", "profile", "lake",
                "modbus", Map.of("transport", "tcp", "port", 5020, "unitId", unitId))));
        doc.put("uplink", Map.of("broker", "tcp://fleet:1883"));
        doc.put("rules", Map.of("deadbands", Map.of("lake-1/ph", deadband)));
        return doc;
    }

    /** A SiteConfigurator that records what is applied; refuses documents whose unitId is over 247. */
    static final class Site implements SiteConfigurator {
        final List<String> applied = new ArrayList<>(); // "v7", "local"
        long version;
        Map<String, Object> inForce;
        Map<String, Object> local = siteDoc(1, 0.1);
        IOException failNextApply;

        @Override
        public long version() {
            return version;
        }

        @Override
        public Map<String, Object> localDocument() {
            return local;
        }

        @Override
        public void check(Map<String, Object> document) throws SiteRefusedException {
            Object unit = ((Map<?, ?>) ((Map<?, ?>) ((List<?>) document.get("devices")).get(0)).get("modbus"))
                    .get("unitId");
            if ((Integer) unit > 247) {
                throw new SiteRefusedException("pushed configuration", List.of(new SiteProblem(
                        "devices[0].modbus.unitId", "must be an integer from 0 to 247, not '" + unit + "'")));
            }
        }

        @Override
        public SiteChange apply(long v, Map<String, Object> document) throws SiteRefusedException, IOException {
            check(document);
            if (failNextApply != null) {
                IOException e = failNextApply;
                failNextApply = null;
                throw e;
            }
            applied.add("v" + v);
            boolean changed = !document.equals(inForce);
            version = v;
            inForce = document;
            return new SiteChange(v, List.of("lake-1"), changed ? Set.of("lake-1") : Set.of(), Set.of(), true,
                    false);
        }

        @Override
        public SiteChange applyLocal() {
            applied.add("local");
            version = 0;
            inForce = null;
            return new SiteChange(0, List.of("lake-1"), Set.of("lake-1"), Set.of(), true, false);
        }
    }

    /** Health as the test says. */
    static final class Health implements HealthProbe {
        volatile List<ConfigError> problems = List.of();
        int evaluations;

        @Override
        public Baseline baseline() {
            return new Baseline(Set.of("lake-1"), true);
        }

        @Override
        public List<ConfigError> problems(SiteChange change, Baseline before, long appliedAtNanos) {
            evaluations++;
            return problems;
        }
    }

    /** A monotonic clock and timer the test advances. */
    static final class Time implements Timer {
        private record Task(long at, long order, Runnable task) {
        }

        private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.at != b.at
                ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
        long nowMs;
        private long order;

        long nanos() {
            return nowMs * 1_000_000L;
        }

        @Override
        public void after(long delayMs, Runnable task) {
            tasks.add(new Task(nowMs + delayMs, order++, task));
        }

        /** Runs every task due within {@code ms}, in time order, moving the clock to each. */
        void advance(long ms) {
            long end = nowMs + ms;
            while (!tasks.isEmpty() && tasks.peek().at <= end) {
                Task t = tasks.poll();
                nowMs = Math.max(nowMs, t.at);
                t.task.run();
            }
            nowMs = end;
        }
    }

    static final class Reports implements Reporter {
        final List<ReportedConfig> sent = new ArrayList<>();

        @Override
        public void report(ReportedConfig r) {
            sent.add(r);
        }

        ReportedConfig last() {
            return sent.get(sent.size() - 1);
        }

        List<String> statuses() {
            return sent.stream().map(r -> r.status() + " " + r.version()).toList();
        }
    }
}
