package org.hanedge.sites;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;

/** One-line descriptions of I/O failures for error messages. */
final class IoProblem {
    private IoProblem() {
    }

    /** E.g. {@code cannot read it (NoSuchFileException: /x/sites.csv)} or {@code cannot read it: not UTF-8 text}. */
    static String describe(String verb, IOException e) {
        if (e instanceof CharacterCodingException) {
            return "cannot " + verb + " it: not UTF-8 text";
        }
        return "cannot " + verb + " it (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
    }
}
