package org.hanedge.contract.config;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hanedge.contract.config.ConfigDocumentException.Problem;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * Reads and writes the configuration documents as UTF-8 JSON (content type {@code application/json}). Reading is
 * strict about the fields it knows (types, ranges, duplicate keys) and ignores top-level fields it does not know, so
 * a newer server may add metadata; the site document inside is checked by the gateway's site parser, which refuses
 * unknown keys.
 */
public final class ConfigDocuments {
    /** The largest document read (the site document of a gateway is a few KiB). */
    public static final int MAX_BYTES = 256 * 1024;
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private ConfigDocuments() {
    }

    /** @throws ConfigDocumentException naming the field that is missing or wrong */
    public static DesiredConfig readDesired(byte[] json) throws ConfigDocumentException {
        Map<String, Object> m = object(json);
        long version = versionOf(m.get("version"));
        if (version < 1) {
            throw m.containsKey("version")
                    ? new ConfigDocumentException(Problem.BAD_VALUE, "version", "must be an integer of at least 1, not "
                            + m.get("version"), 0)
                    : new ConfigDocumentException(Problem.MISSING_FIELD, "version", "is required", 0);
        }
        Object site = m.get("site");
        if (site == null) {
            throw new ConfigDocumentException(Problem.MISSING_FIELD, "site", "is required", version);
        }
        if (!(site instanceof Map<?, ?>)) {
            throw new ConfigDocumentException(Problem.BAD_VALUE, "site", "must be an object (the site document)",
                    version);
        }
        Map<String, String> profiles = new LinkedHashMap<>();
        Object pv = m.get("profileVersions");
        if (pv != null) {
            if (!(pv instanceof Map<?, ?> pm)) {
                throw new ConfigDocumentException(Problem.BAD_VALUE, "profileVersions",
                        "must be an object of profile id -> version", version);
            }
            for (Map.Entry<?, ?> e : pm.entrySet()) {
                if (!(e.getValue() instanceof String s) || s.isEmpty()) {
                    throw new ConfigDocumentException(Problem.BAD_VALUE, "profileVersions." + e.getKey(),
                            "must be a non-empty string", version);
                }
                profiles.put((String) e.getKey(), s);
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> siteDoc = (Map<String, Object>) site;
        return new DesiredConfig(version, siteDoc, profiles, profileDocuments(m.get("profiles"), version),
                optionalText(m, "author", version),
                optionalText(m, "reason", version), optionalTime(m, "time", version));
    }

    /** @throws ConfigDocumentException naming the field that is missing or wrong */
    public static ReportedConfig readReported(byte[] json) throws ConfigDocumentException {
        Map<String, Object> m = object(json);
        long version = versionOf(m.get("version"));
        if (version < 0) {
            throw new ConfigDocumentException(Problem.BAD_VALUE, "version", "must be an integer of at least 0", 0);
        }
        String gateway = requiredText(m, "gateway", version);
        String statusText = requiredText(m, "status", version);
        ConfigStatus status;
        try {
            status = ConfigStatus.valueOf(statusText);
        } catch (IllegalArgumentException e) {
            throw new ConfigDocumentException(Problem.BAD_VALUE, "status", "unknown status '" + statusText + "'",
                    version);
        }
        long lastGood = versionOf(m.get("lastGood"));
        if (lastGood < 0) {
            throw new ConfigDocumentException(Problem.BAD_VALUE, "lastGood", "must be an integer of at least 0",
                    version);
        }
        List<ConfigError> errors = new ArrayList<>();
        Object list = m.get("errors");
        if (list != null) {
            if (!(list instanceof List<?> l)) {
                throw new ConfigDocumentException(Problem.BAD_VALUE, "errors", "must be an array", version);
            }
            for (int i = 0; i < l.size(); i++) {
                if (!(l.get(i) instanceof Map<?, ?> e) || !(e.get("path") instanceof String path)
                        || !(e.get("message") instanceof String message)) {
                    throw new ConfigDocumentException(Problem.BAD_VALUE, "errors[" + i + "]",
                            "must be an object with string fields path and message", version);
                }
                errors.add(new ConfigError(path, message));
            }
        }
        Instant time = optionalTime(m, "time", version);
        if (time == null) {
            throw new ConfigDocumentException(Problem.MISSING_FIELD, "time", "is required", version);
        }
        return new ReportedConfig(gateway, version, status, errors, lastGood, time);
    }

    public static byte[] write(DesiredConfig d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", d.version());
        m.put("site", d.site());
        if (!d.profileVersions().isEmpty()) {
            m.put("profileVersions", d.profileVersions());
        }
        if (!d.profiles().isEmpty()) {
            Map<String, Object> docs = new LinkedHashMap<>();
            d.profiles().forEach((id, p) -> {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("version", p.version());
                pm.put("sha256", p.sha256());
                pm.put("yaml", p.yaml());
                docs.put(id, pm);
            });
            m.put("profiles", docs);
        }
        putIfPresent(m, "author", d.author());
        putIfPresent(m, "reason", d.reason());
        putIfPresent(m, "time", d.time() == null ? null : d.time().toString());
        return toJson(m);
    }

    public static byte[] write(ReportedConfig r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gateway", r.gateway());
        m.put("version", r.version());
        m.put("status", r.status().name());
        List<Object> errors = new ArrayList<>();
        for (ConfigError e : r.errors()) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("path", e.path());
            em.put("message", e.message());
            errors.add(em);
        }
        m.put("errors", errors);
        m.put("lastGood", r.lastGood());
        m.put("time", r.time().toString());
        return toJson(m);
    }

    /**
     * A JSON value (a site document, say) built of maps, lists, strings, numbers, booleans and null, as UTF-8 JSON.
     */
    public static byte[] toJson(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            JsonTree.write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Reads any JSON value into the plain Java types of {@link DesiredConfig#site()}.
     *
     * @throws ConfigDocumentException NOT_JSON or TOO_LARGE
     */
    public static Object fromJson(byte[] json) throws ConfigDocumentException {
        if (json.length > MAX_BYTES) {
            throw new ConfigDocumentException(Problem.TOO_LARGE, "", json.length + " bytes exceed the limit of "
                    + MAX_BYTES, 0);
        }
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() == null) {
                throw new ConfigDocumentException(Problem.NOT_JSON, "", "empty document", 0);
            }
            Object v = JsonTree.read(p);
            if (p.nextToken() != null) {
                throw new ConfigDocumentException(Problem.NOT_JSON, "", "more than one JSON value", 0);
            }
            return v;
        } catch (JsonTree.NumberOutOfRange e) {
            throw new ConfigDocumentException(Problem.BAD_VALUE, "", e.getMessage(), 0);
        } catch (JsonProcessingException e) {
            throw new ConfigDocumentException(Problem.NOT_JSON, "", "not JSON: " + e.getOriginalMessage(), 0);
        } catch (IOException e) {
            throw new ConfigDocumentException(Problem.NOT_JSON, "", "not JSON: " + e.getMessage(), 0);
        }
    }

    private static Map<String, Object> object(byte[] json) throws ConfigDocumentException {
        Object v = fromJson(json);
        if (!(v instanceof Map<?, ?>)) {
            throw new ConfigDocumentException(Problem.NOT_JSON, "", "not a JSON object", 0);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        return m;
    }

    /** {@code profiles}: profile id -> {version, sha256, yaml}, every field a non-empty string. */
    private static Map<String, ProfileDocument> profileDocuments(Object value, long version)
            throws ConfigDocumentException {
        Map<String, ProfileDocument> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof Map<?, ?> pm)) {
            throw new ConfigDocumentException(Problem.BAD_VALUE, "profiles",
                    "must be an object of profile id -> {version, sha256, yaml}", version);
        }
        for (Map.Entry<?, ?> e : pm.entrySet()) {
            String path = "profiles." + e.getKey();
            if (!(e.getValue() instanceof Map<?, ?> doc)) {
                throw new ConfigDocumentException(Problem.BAD_VALUE, path,
                        "must be an object with string fields version, sha256 and yaml", version);
            }
            String[] fields = new String[3];
            String[] names = {"version", "sha256", "yaml"};
            for (int i = 0; i < names.length; i++) {
                Object f = doc.get(names[i]);
                if (f == null) {
                    throw new ConfigDocumentException(Problem.MISSING_FIELD, path + "." + names[i], "is required",
                            version);
                }
                if (!(f instanceof String s) || s.isEmpty()) {
                    throw new ConfigDocumentException(Problem.BAD_VALUE, path + "." + names[i],
                            "must be a non-empty string", version);
                }
                fields[i] = s;
            }
            if (!fields[1].matches("[0-9a-f]{64}")) {
                throw new ConfigDocumentException(Problem.BAD_VALUE, path + ".sha256",
                        "must be 64 lower-case hex digits (SHA-256 of the yaml's UTF-8 bytes)", version);
            }
            out.put((String) e.getKey(), new ProfileDocument(fields[0], fields[1], fields[2]));
        }
        return out;
    }

    /** The value as a version, -1 when it is not an integer. */
    private static long versionOf(Object v) {
        return v instanceof Integer || v instanceof Long ? ((Number) v).longValue() : -1;
    }

    private static String requiredText(Map<String, Object> m, String key, long version)
            throws ConfigDocumentException {
        String s = optionalText(m, key, version);
        if (s == null) {
            throw new ConfigDocumentException(Problem.MISSING_FIELD, key, "is required", version);
        }
        return s;
    }

    private static String optionalText(Map<String, Object> m, String key, long version)
            throws ConfigDocumentException {
        Object v = m.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new ConfigDocumentException(Problem.BAD_VALUE, key, "must be a string", version);
    }

    private static Instant optionalTime(Map<String, Object> m, String key, long version)
            throws ConfigDocumentException {
        String s = optionalText(m, key, version);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new ConfigDocumentException(Problem.BAD_VALUE, key, "must be an ISO-8601 UTC time such as "
                    + "2026-11-27T04:00:00Z, not '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'",
                    version);
        }
    }

    private static void putIfPresent(Map<String, Object> m, String key, Object v) {
        if (v != null) {
            m.put(key, v);
        }
    }
}
