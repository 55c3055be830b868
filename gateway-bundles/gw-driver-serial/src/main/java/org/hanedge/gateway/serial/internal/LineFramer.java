package org.hanedge.gateway.serial.internal;

/**
 * Cuts a serial byte stream into lines, whatever the read boundaries: a line split over several reads is joined,
 * several lines in one read are separated. Lines end at CR, LF or CR LF (empty lines are skipped).
 *
 * <p>In NMEA mode a {@code $} also starts a new sentence, so two sentences merged without a line end are separated
 * (a truncated first one then fails its checksum in the parser), and bytes outside a sentence (noise, the tail of a
 * sentence whose start was lost, a wrong baud rate) are reported as one {@link BadInput#GARBAGE} per run. In ASCII
 * mode a line carrying control or non-ASCII bytes is reported as GARBAGE instead of being delivered. A line longer
 * than {@code maxLine} is reported once as {@link BadInput#TOO_LONG} and dropped up to its end. Not thread-safe: one
 * reader thread feeds it.
 */
public final class LineFramer {

    /** Receives lines and bad-input events, on the feeding thread. */
    public interface Listener {
        void line(String line);

        void bad(BadInput reason, CharSequence sample);
    }

    /** A run of garbage this long without a line end or {@code $} is reported and counting starts again. */
    static final int MAX_GARBAGE_RUN = 256;

    private final int maxLine;
    private final boolean nmea;
    private final Listener listener;
    private final StringBuilder line;
    private final StringBuilder garbage = new StringBuilder(64);
    private int garbageRun;
    private boolean inLine;
    private boolean discarding;
    private boolean nonPrintable;

    public LineFramer(int maxLine, boolean nmea, Listener listener) {
        this.maxLine = maxLine;
        this.nmea = nmea;
        this.listener = listener;
        this.line = new StringBuilder(Math.min(maxLine, 256) + 1);
    }

    /** A framer for NMEA 0183 (lines of at most 80 characters without CR LF). */
    public static LineFramer nmea(Listener listener) {
        return new LineFramer(NmeaParser.MAX_LINE, true, listener);
    }

    public void feed(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            feed(buf[i]);
        }
    }

    public void feed(byte b) {
        char c = (char) (b & 0xff);
        if (c == '\r' || c == '\n') {
            endLine();
            flushGarbage();
            return;
        }
        if (nmea && c == '$') {
            endLine();
            flushGarbage();
            inLine = true;
            line.append(c);
            return;
        }
        if (nmea && !inLine) {
            if (garbage.length() < 48) {
                garbage.append(c);
            }
            if (++garbageRun >= MAX_GARBAGE_RUN) {
                flushGarbage();
            }
            return;
        }
        inLine = true;
        if (discarding) {
            return;
        }
        if (line.length() >= maxLine) {
            listener.bad(BadInput.TOO_LONG, line);
            line.setLength(0);
            discarding = true;
            return;
        }
        if (c < 0x20 && c != '\t' || c >= 0x7f) {
            nonPrintable = true;
        }
        line.append(c);
    }

    private void endLine() {
        if (inLine && !discarding && line.length() > 0) {
            if (nonPrintable && !nmea) {
                listener.bad(BadInput.GARBAGE, line);
            } else {
                listener.line(line.toString());
            }
        }
        line.setLength(0);
        inLine = false;
        discarding = false;
        nonPrintable = false;
    }

    private void flushGarbage() {
        if (garbageRun > 0) {
            listener.bad(BadInput.GARBAGE, garbage);
            garbage.setLength(0);
            garbageRun = 0;
        }
    }

    /** Drops a partial line (after the port was reopened). */
    public void reset() {
        line.setLength(0);
        garbage.setLength(0);
        garbageRun = 0;
        inLine = false;
        discarding = false;
        nonPrintable = false;
    }
}
