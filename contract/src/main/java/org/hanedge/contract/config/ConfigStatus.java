package org.hanedge.contract.config;

/** What a gateway made of a desired configuration ({@code status} of the reported document). */
public enum ConfigStatus {
    /** Applied and healthy within the health window: it is the gateway's last good configuration now. */
    APPLIED,
    /**
     * Applied, but the site was not healthy within the health window (or the gateway restarted before the window
     * ended): the gateway returned to its last good configuration. {@code errors} say what failed.
     */
    ROLLED_BACK,
    /** Refused before anything was applied (a field invalid, a secret pushed, another gateway's id ...). */
    REJECTED,
    /** Applied, the health window is running; {@code lastGood} is what the gateway returns to if it fails. */
    APPLYING,
    /**
     * The site file on the gateway was edited locally after {@code version} was applied: the edit is not applied
     * (the pushed configuration stays in force); {@code errors} name the fields that differ.
     */
    DRIFT
}
