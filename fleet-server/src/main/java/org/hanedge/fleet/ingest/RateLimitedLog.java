package org.hanedge.fleet.ingest;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/** At most {@code perMinute} WARN lines a minute; the rest go to DEBUG and are counted in the next WARN. */
final class RateLimitedLog {
    private final Logger log;
    private final int perMinute;
    private final AtomicLong windowStart = new AtomicLong();
    private final AtomicInteger inWindow = new AtomicInteger();
    private final AtomicInteger suppressed = new AtomicInteger();

    RateLimitedLog(Logger log, int perMinute) {
        this.log = log;
        this.perMinute = perMinute;
    }

    void warn(String format, Object... args) {
        long now = System.currentTimeMillis();
        long start = windowStart.get();
        if (now - start >= 60_000 && windowStart.compareAndSet(start, now)) {
            inWindow.set(0);
        }
        if (inWindow.incrementAndGet() <= perMinute) {
            int s = suppressed.getAndSet(0);
            if (s > 0) {
                log.warn("({} similar lines suppressed in the last minute)", s);
            }
            log.warn(format, args);
        } else {
            suppressed.incrementAndGet();
            log.debug(format, args);
        }
    }
}
