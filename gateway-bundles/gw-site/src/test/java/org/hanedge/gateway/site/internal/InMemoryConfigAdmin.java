package org.hanedge.gateway.site.internal;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Config Admin in memory, enough of it for the applier: singleton and named factory configurations,
 * {@code updateIfDifferent}, delete, and {@code listConfigurations} with a {@code (service.pid=...)} or
 * {@code (service.factoryPid=...)} filter. Counts the writes that changed something.
 */
final class InMemoryConfigAdmin {
    private static final Pattern FILTER = Pattern.compile("\\((service\\.pid|service\\.factoryPid)=([^)]*)\\)");

    final Map<String, Map<String, Object>> store = new TreeMap<>();
    final Map<String, String> factoryOf = new TreeMap<>();
    int writes;
    /** When set, the n-th changing write from now fails (simulates Config Admin failing part way). */
    int failAfter = -1;

    ConfigurationAdmin admin() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getConfiguration" -> configuration((String) args[0], null);
                    case "getFactoryConfiguration" -> configuration(args[0] + "~" + args[1], (String) args[0]);
                    case "listConfigurations" -> list((String) args[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    Map<String, Object> get(String pid) {
        return store.get(pid);
    }

    private Configuration[] list(String filter) {
        Matcher mt = FILTER.matcher(filter);
        if (!mt.matches()) {
            throw new IllegalArgumentException(filter);
        }
        List<Configuration> out = new ArrayList<>();
        for (String pid : store.keySet()) {
            boolean match = mt.group(1).equals("service.pid") ? pid.equals(mt.group(2))
                    : mt.group(2).equals(factoryOf.get(pid));
            if (match) {
                out.add(configuration(pid, factoryOf.get(pid)));
            }
        }
        return out.isEmpty() ? null : out.toArray(new Configuration[0]);
    }

    private Configuration configuration(String pid, String factoryPid) {
        boolean[] deleted = {false};
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, m, args) -> {
                    if (deleted[0] && !m.getDeclaringClass().equals(Object.class)) {
                        // as Felix's: a deleted configuration object answers nothing, not even its pid
                        throw new IllegalStateException("Configuration " + pid + " deleted");
                    }
                    return configurationCall(pid, factoryPid, deleted, proxy, m, args);
                });
    }

    private Object configurationCall(String pid, String factoryPid, boolean[] deleted, Object proxy,
            java.lang.reflect.Method m, Object[] args) throws java.io.IOException {
        return switch (m.getName()) {
                    case "getPid" -> pid;
                    case "getFactoryPid" -> factoryPid;
                    case "getProperties" -> store.containsKey(pid) ? new Hashtable<>(store.get(pid)) : null;
                    case "updateIfDifferent" -> update(pid, factoryPid, (Dictionary<?, ?>) args[0]);
                    case "delete" -> {
                        store.remove(pid);
                        factoryOf.remove(pid);
                        deleted[0] = true;
                        yield null;
                    }
                    case "hashCode" -> pid.hashCode();
                    case "equals" -> proxy == args[0];
                    case "toString" -> "Configuration[" + pid + "]";
                    default -> throw new UnsupportedOperationException(m.getName());
                };
    }

    private boolean update(String pid, String factoryPid, Dictionary<?, ?> d) throws java.io.IOException {
        Map<String, Object> props = new TreeMap<>();
        for (Object k : Collections.list(d.keys())) {
            props.put((String) k, d.get(k));
        }
        Map<String, Object> old = store.get(pid);
        if (old != null && same(old, props)) {
            return false;
        }
        if (failAfter == 0) {
            failAfter = -1;
            throw new java.io.IOException("disk full (test)");
        }
        if (failAfter > 0) {
            failAfter--;
        }
        store.put(pid, props);
        if (factoryPid != null) {
            factoryOf.put(pid, factoryPid);
        }
        writes++;
        return true;
    }

    private static boolean same(Map<String, Object> a, Map<String, Object> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (String k : a.keySet()) {
            Object x = a.get(k);
            Object y = b.get(k);
            if (x instanceof Object[] xa && y instanceof Object[] ya ? !java.util.Arrays.equals(xa, ya)
                    : !java.util.Objects.equals(x, y)) {
                return false;
            }
        }
        return true;
    }
}
