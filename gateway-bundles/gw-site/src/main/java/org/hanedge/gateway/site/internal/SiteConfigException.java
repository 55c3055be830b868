package org.hanedge.gateway.site.internal;

import java.nio.file.Path;
import java.util.List;

import org.hanedge.gateway.api.site.SiteProblem;
import org.hanedge.gateway.api.site.SiteRefusedException;

/**
 * A site document could not be used; the message names its source (the file, or the pushed configuration) and the
 * offending field.
 */
class SiteConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String field;
    private final String detail;

    /** A problem of the file as a whole (unreadable, not YAML). */
    SiteConfigException(Path file, String message) {
        this(file.toString(), "", message);
    }

    /**
     * @param source the file's path or {@code pushed configuration 8}
     * @param field  the field path ({@code devices[1].modbus.port}), empty for the document as a whole
     */
    SiteConfigException(String source, String field, String message) {
        super(source + ": " + (field.isEmpty() ? message : field + ": " + message));
        this.source = source;
        this.field = field;
        this.detail = message;
    }

    String field() {
        return field;
    }

    /** The API's form: the same source, field and message. */
    SiteRefusedException refused() {
        return new SiteRefusedException(source, List.of(new SiteProblem(field, detail)));
    }
}
