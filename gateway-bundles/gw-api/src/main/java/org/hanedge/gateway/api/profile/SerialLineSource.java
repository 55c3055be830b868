package org.hanedge.gateway.api.profile;

/**
 * A field extracted from the line-based ASCII output of an instrument on a serial port.
 *
 * @param request  command sent to poll the instrument (escapes such as {@code \r} already resolved), or
 *                 {@code null} when the instrument streams continuously
 * @param pattern  regular expression matched against each received line
 * @param group    capture group of {@link #pattern()} holding the value
 * @param scale    multiplier applied to a numeric value
 */
public record SerialLineSource(String request, String pattern, int group, double scale) implements Source {
    @Override
    public String bus() {
        return "ascii";
    }
}
