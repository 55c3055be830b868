package org.hanedge.gateway.api.site;

import java.util.List;
import java.util.stream.Collectors;

/** A site document that is not applied: nothing of it reached Config Admin. {@link #problems()} say why. */
public class SiteRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<SiteProblem> problems;

    /**
     * @param source   what was refused, for the message: the site file's path or {@code pushed configuration 8}
     * @param problems at least one
     */
    public SiteRefusedException(String source, List<SiteProblem> problems) {
        super(source + ": " + problems.stream().map(SiteProblem::toString).collect(Collectors.joining("; ")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a refusal needs a reason");
        }
        this.problems = List.copyOf(problems);
    }

    public List<SiteProblem> problems() {
        return problems;
    }
}
