package org.hanedge.gateway.rules.internal;

import java.util.List;

/** A profile's rules cannot run as written; the message names the profile, each rule and what is wrong. */
public class RuleLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    RuleLoadException(String profileRef, List<String> problems) {
        super("rules of profile " + profileRef + " refused: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
