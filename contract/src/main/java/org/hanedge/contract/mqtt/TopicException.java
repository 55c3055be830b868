package org.hanedge.contract.mqtt;

/** A topic or gateway id outside the contract; {@link #problem()} says how, the message names the input. */
public class TopicException extends Exception {
    /** The ways a topic can be outside the contract. */
    public enum Problem {
        /** Not under {@code hanedge/v1/}. */
        NOT_HANEDGE,
        /** The gateway id level is empty or has a character MQTT or the contract forbids ({@code / + # $} or control). */
        BAD_GATEWAY_ID,
        /** Nothing, or an unknown kind, after the gateway id. */
        UNKNOWN_KIND,
        /** A named kind ({@code cmd/}, {@code cmd-res/}) without a name, or with more levels. */
        BAD_NAME
    }

    private final Problem problem;

    public TopicException(Problem problem, String message) {
        super(message, null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
