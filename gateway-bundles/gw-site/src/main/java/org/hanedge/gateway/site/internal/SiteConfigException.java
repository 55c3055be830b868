package org.hanedge.gateway.site.internal;

import java.nio.file.Path;

/** The site config file could not be used; the message names the file and the offending field. */
class SiteConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    SiteConfigException(Path file, String message) {
        super(file + ": " + message);
    }
}
