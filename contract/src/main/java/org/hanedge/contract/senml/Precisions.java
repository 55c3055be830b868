package org.hanedge.contract.senml;

import java.math.BigDecimal;

/** The precision step of a channel in its field unit (e.g. 0.1), or null to send the double's shortest decimal. */
@FunctionalInterface
public interface Precisions {
    /** No rounding at all. */
    Precisions NONE = (device, channel) -> null;

    BigDecimal of(String device, String channel);
}
