package org.hanedge.fleet.audit;

/** What an audit entry records. The outcomes each action uses are listed with it. */
public enum AuditAction {
    /** An operator asked for a new desired configuration: {@code STORED}, {@code REFUSED} (422), {@code CONFLICT} (409). */
    CONFIG_CHANGED,
    /** The broker acknowledged the retained publish of a version (actor {@code server}): {@code PUBLISHED}. */
    CONFIG_PUBLISHED,
    /** A gateway reported on {@code config/reported} (actor {@code gateway:<id>}): the report's status. */
    CONFIG_REPORTED,
    /** An operator changed a configuration layer (no gateway): {@code STORED}, {@code REFUSED}, {@code CONFLICT}. */
    CONFIG_LAYER_CHANGED,
    /** An operator pushed the layers to a group (no gateway): {@code DONE} ({@code EMPTY}: no gateway in it). */
    CONFIG_PUSHED,
    /** An operator uploaded a device profile version (no gateway): {@code STORED}, {@code UNCHANGED} (the same text
     *  again), {@code REFUSED} (422), {@code CONFLICT} (409: that version exists with other content). */
    PROFILE_UPLOADED,
    /** An operator acknowledged an alarm (the first acknowledgement): {@code ACKNOWLEDGED}. */
    ALARM_ACKNOWLEDGED,
    /** A command sent to a gateway (the commands feature): its outcome. */
    COMMAND_SENT,
    /** A gateway's answer to a command (the commands feature): its outcome. */
    COMMAND_ANSWERED
}
