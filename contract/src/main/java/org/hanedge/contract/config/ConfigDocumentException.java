package org.hanedge.contract.config;

/**
 * A configuration document that cannot be used. {@link #problem()} says how, {@link #path()} names the field,
 * {@link #version()} is the document's version when it could be read (so a gateway can report the refusal), else 0.
 */
public class ConfigDocumentException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The ways a document can be unusable. */
    public enum Problem {
        /** Not JSON, or not a JSON object. */
        NOT_JSON,
        /** Larger than {@link ConfigDocuments#MAX_BYTES}. */
        TOO_LARGE,
        /** A required field is absent. */
        MISSING_FIELD,
        /** A field has the wrong JSON type, or a value out of its range. */
        BAD_VALUE
    }

    private final Problem problem;
    private final String path;
    private final long version;
    private final String detail;

    public ConfigDocumentException(Problem problem, String path, String message, long version) {
        super(path.isEmpty() ? message : path + ": " + message, null, false, false);
        this.problem = problem;
        this.path = path;
        this.version = version;
        this.detail = message;
    }

    public Problem problem() {
        return problem;
    }

    /** The field, in the document's notation ({@code site}, {@code profileVersions.lake}); empty for the whole. */
    public String path() {
        return path;
    }

    /** The document's version, or 0 when it could not be read. */
    public long version() {
        return version;
    }

    /** This problem as an error of a reported document. */
    public ConfigError toError() {
        return new ConfigError(path, detail);
    }
}
