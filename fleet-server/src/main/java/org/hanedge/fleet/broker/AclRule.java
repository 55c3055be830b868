package org.hanedge.fleet.broker;

/**
 * One permission of an MQTT client (everything not allowed by a rule is denied).
 *
 * @param topicFilter MQTT topic filter the rule covers
 * @param activity    what the client may do on it
 * @param shared      whether a subscription may be (or must not be) an MQTT 5 shared subscription
 */
public record AclRule(String topicFilter, Activity activity, Shared shared) {
    public enum Activity { PUBLISH, SUBSCRIBE, ALL }

    public enum Shared { NOT_SHARED, ALL }
}
