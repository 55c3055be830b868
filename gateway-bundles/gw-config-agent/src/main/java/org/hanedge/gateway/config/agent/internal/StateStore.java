package org.hanedge.gateway.config.agent.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hanedge.contract.config.ConfigDocumentException;
import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.config.ReportedConfig;
import org.hanedge.gateway.config.agent.internal.AgentState.Applied;
import org.hanedge.gateway.config.agent.internal.AgentState.Pending;

/**
 * The agent's state in one JSON file in the bundle's data area, replaced atomically ({@link AtomicFiles}) on every
 * change: after a kill or a power cut it holds exactly the state written last.
 */
final class StateStore {
    private static final int FORMAT = 1;

    private final Path file;

    StateStore(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /**
     * The state written last, {@link AgentState#INITIAL} when there is none.
     *
     * @throws DamagedStateException when the file is there but not a state of this format
     * @throws IOException           when it cannot be read
     */
    AgentState load() throws IOException, DamagedStateException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return AgentState.INITIAL;
        }
        try {
            Map<String, Object> m = map(ConfigDocuments.fromJson(bytes), "state");
            if (!Integer.valueOf(FORMAT).equals(m.get("format"))) {
                throw new DamagedStateException(file + ": unknown format " + m.get("format"));
            }
            Map<String, Object> good = map(m.get("lastGood"), "lastGood");
            Applied lastGood = new Applied(number(good.get("version"), "lastGood.version"),
                    optionalMap(good.get("document")), optionalMap(good.get("localBaseline")));
            Pending applying = null;
            if (m.get("applying") != null) {
                Map<String, Object> a = map(m.get("applying"), "applying");
                applying = new Pending(number(a.get("version"), "applying.version"), map(a.get("document"),
                        "applying.document"));
            }
            ReportedConfig report = m.get("lastReport") == null ? null
                    : ConfigDocuments.readReported(ConfigDocuments.toJson(m.get("lastReport")));
            return new AgentState(lastGood, applying, number(m.get("handled"), "handled"), report);
        } catch (ConfigDocumentException | RuntimeException e) {
            throw new DamagedStateException(file + ": " + e.getMessage());
        }
    }

    /** Replaces the state on disk (durable when this returns). */
    void save(AgentState s) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        Map<String, Object> good = new LinkedHashMap<>();
        good.put("version", s.lastGood().version());
        good.put("document", s.lastGood().document());
        good.put("localBaseline", s.lastGood().localBaseline());
        m.put("lastGood", good);
        if (s.applying() != null) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("version", s.applying().version());
            a.put("document", s.applying().document());
            m.put("applying", a);
        } else {
            m.put("applying", null);
        }
        m.put("handled", s.handled());
        m.put("lastReport", s.lastReport() == null ? null : fromJson(ConfigDocuments.write(s.lastReport())));
        AtomicFiles.write(file, ConfigDocuments.toJson(m));
    }

    /** Moves a damaged state file aside (kept for a look) and returns where it went. */
    Path moveAside() throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".damaged-" + System.currentTimeMillis());
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        return aside;
    }

    private static Object fromJson(byte[] json) {
        try {
            return ConfigDocuments.fromJson(json);
        } catch (ConfigDocumentException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object v, String what) {
        if (v instanceof Map<?, ?>) {
            return (Map<String, Object>) v;
        }
        throw new IllegalArgumentException(what + " is not an object");
    }

    private static Map<String, Object> optionalMap(Object v) {
        return v == null ? null : map(v, "document");
    }

    private static long number(Object v, String what) {
        if (v instanceof Integer || v instanceof Long) {
            long n = ((Number) v).longValue();
            if (n >= 0) {
                return n;
            }
        }
        throw new IllegalArgumentException(what + " is not a version");
    }

    /** The state file exists but is not a state this agent wrote. */
    static final class DamagedStateException extends Exception {
        private static final long serialVersionUID = 1L;

        DamagedStateException(String message) {
            super(message);
        }
    }
}
