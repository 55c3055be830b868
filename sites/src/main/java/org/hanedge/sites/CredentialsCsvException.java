package org.hanedge.sites;

/** A credentials CSV could not be read or written; the message names the file and line, never a password. */
public final class CredentialsCsvException extends CsvFileException {
    private static final long serialVersionUID = 1L;

    CredentialsCsvException(String file, long line, String problem) {
        this(file, line, problem, null);
    }

    CredentialsCsvException(String file, long line, String problem, Throwable cause) {
        super("credentials file", file, line, problem, cause);
    }
}
