package org.hanedge.demo;

import java.time.Instant;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** What the outage scenario asks about its district while the uplink is cut and after. */
public interface DistrictProbe {

    /** Gateways of the district the API lists online; empty if the API does not answer. */
    OptionalInt online();

    /**
     * Readings the district's real gateways took before their first stats after {@code restoredAt} and have not had
     * acknowledged; empty until each has sent such stats. 0 without real gateways.
     */
    OptionalLong realUndelivered(Instant restoredAt);

    /** Readings in the district's virtual gateways' backlogs; empty if a report is missing. 0 without any. */
    OptionalLong virtualBacklog();
}
