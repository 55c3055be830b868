package org.hanedge.sites;

/** A sites CSV could not be read or written; the message names the file, the line and the column. */
public final class SitesCsvException extends CsvFileException {
    private static final long serialVersionUID = 1L;

    SitesCsvException(String file, long line, String problem) {
        this(file, line, problem, null);
    }

    SitesCsvException(String file, long line, String problem, Throwable cause) {
        super("sites file", file, line, problem, cause);
    }
}
