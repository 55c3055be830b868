package org.hanedge.gateway.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.hanedge.contract.mqtt.TelemetryForm;
import org.junit.jupiter.api.Test;

class BackoffAndRateTest {

    @Test
    void backoffCeilingDoublesUpToMaxAndJitterStaysInside() {
        Backoff b = new Backoff(1000, 60000, bound -> bound - 1); // always the ceiling
        long[] expected = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000};
        for (long e : expected) {
            assertEquals(e, b.nextDelayMs());
        }
        b.reset();
        assertEquals(1000, b.nextDelayMs());
        Backoff low = new Backoff(1000, 60000, bound -> 0); // always the floor
        for (int i = 0; i < 50; i++) {
            assertEquals(1000, low.nextDelayMs());
        }
        Backoff real = new Backoff(100, 5000);
        for (int i = 0; i < 200; i++) {
            long ceiling = real.ceilingMs();
            long d = real.nextDelayMs();
            assertTrue(d >= 100 && d <= ceiling && ceiling <= 5000, d + " / " + ceiling);
        }
    }

    @Test
    void tokenBucketAllowsABurstThenTheRate() {
        AtomicLong now = new AtomicLong(0);
        RateLimiter r = new RateLimiter(10, now::get);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, r.reserve(), "burst of one second's worth");
        }
        long wait = r.reserve();
        assertEquals(100_000_000L, wait, 1_000); // 1/10 s
        now.addAndGet(wait);
        assertEquals(0, r.reserve());
        assertTrue(r.reserve() > 0);
        now.addAndGet(60_000_000_000L); // a minute idle: still only a one-second burst
        int granted = 0;
        while (r.reserve() == 0) {
            granted++;
        }
        assertEquals(10, granted);
        // 30 simulated seconds at 10/s: about 300 tokens
        int count = 0;
        long end = now.get() + 30_000_000_000L;
        while (now.get() < end) {
            long w = r.reserve();
            if (w == 0) {
                count++;
            } else {
                now.addAndGet(w);
            }
        }
        assertTrue(count >= 299 && count <= 301, "count " + count);
    }

    @Test
    void settingsNeverPrintThePassword() {
        UplinkSettings s = new UplinkSettings("gw1", "tcp://127.0.0.1:1883", "gw1", "s3cr3t-pw", TelemetryForm.JSON,
                null, null, null, 16384, 16, 50, 60, 30, 1000, 60000);
        assertTrue(!s.toString().contains("s3cr3t-pw") && s.toString().contains("********"), s.toString());
    }
}
