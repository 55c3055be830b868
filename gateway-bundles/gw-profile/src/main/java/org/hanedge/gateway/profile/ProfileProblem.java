package org.hanedge.gateway.profile;

/**
 * One thing wrong with a profile file.
 *
 * @param file    file name as given to the loader (for example {@code lake.yaml})
 * @param line    1-based line, or 0 when the problem has no position (the file could not be read)
 * @param column  1-based column, or 0 when the problem has no position
 * @param field   path of the offending field, for example {@code channels[3].source.type}; empty for the document
 * @param message what is wrong, and what would be accepted
 */
public record ProfileProblem(String file, int line, int column, String field, String message) {

    /** {@code lake.yaml:23:7: channels[3].source.type: unknown data type 'float33' (expected one of ...)}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(file).append(':').append(line).append(':').append(column).append(": ");
        if (field != null && !field.isEmpty()) {
            b.append(field).append(": ");
        }
        return b.append(message).toString();
    }
}
