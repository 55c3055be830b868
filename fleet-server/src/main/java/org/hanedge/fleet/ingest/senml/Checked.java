package org.hanedge.fleet.ingest.senml;

import org.hanedge.contract.senml.Sample;
import org.hanedge.gateway.api.profile.ChannelSpec;

/** The outcome of {@link RecordChecker#check}: a record to store, or why not. */
public sealed interface Checked {
    /**
     * A record that may be stored.
     *
     * @param spec   its channel in the device's profile
     * @param sample the record with its number converted to the channel's unit ({@link Sample#unit()} is the
     *               profile's unit)
     */
    record Accepted(ChannelSpec spec, Sample sample) implements Checked {
    }

    /** A record refused by the profile checks. */
    record Refused(Refusal refusal) implements Checked {
    }
}
