package org.hanedge.fleet.registry;

/** A sites CSV could not be read; the message names the file, line and column. */
public class SiteCsvException extends Exception {
    public SiteCsvException(String message) {
        super(message);
    }
}
