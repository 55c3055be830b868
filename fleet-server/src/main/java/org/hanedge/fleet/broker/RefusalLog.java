package org.hanedge.fleet.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refused MQTT connections and publishes at WARN, at most {@value #PER_MINUTE} lines a minute (the rest at DEBUG, counted in the
 * next WARN line), so a misconfigured fleet cannot flood the log. Never given a password.
 */
final class RefusalLog {
    private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);
    static final int PER_MINUTE = 10;

    private long windowStart;
    private int inWindow;
    private int suppressed;

    void refused(String what, String username, String clientId, String address) {
        String line = "MQTT " + what + " (user '" + clean(username) + "', client id '" + clean(clientId)
                + "', from " + address + ")";
        int dropped;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - windowStart > 60_000_000_000L) {
                windowStart = now;
                inWindow = 0;
            }
            if (inWindow >= PER_MINUTE) {
                suppressed++;
                LOG.debug(line);
                return;
            }
            inWindow++;
            dropped = suppressed;
            suppressed = 0;
        }
        LOG.warn(dropped == 0 ? line : line + " [" + dropped + " more refusals logged at DEBUG before this one]");
    }

    /** User-supplied text in a log line: printable characters only, at most 64. */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(64).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return s.codePointCount(0, s.length()) > 64 ? b + "..." : b.toString();
    }
}
