package org.hanedge.sites;

/**
 * A CSV file could not be read or written. The message is one line naming the file, the line (when the problem is
 * on one) and what was wrong, e.g. {@code sites file city.csv:12: lat 'north' is not a number within ±90}.
 */
public abstract class CsvFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;

    /**
     * @param label   what the file is ("sites file", "credentials file")
     * @param file    the file's name or path as the user gave it
     * @param line    1-based line number, 0 when the problem is the whole file
     * @param problem what was wrong, never a secret
     */
    protected CsvFileException(String label, String file, long line, String problem, Throwable cause) {
        super(label + " " + file + (line > 0 ? ":" + line : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    /** The file's name or path as given to the reader. */
    public String file() {
        return file;
    }

    /** The 1-based line the problem is on, or 0 when it concerns the whole file. */
    public long line() {
        return line;
    }
}
