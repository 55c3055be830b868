package org.hanedge.gateway.profile;

import java.util.List;
import java.util.stream.Collectors;

/** A profile file could not be used; carries every problem found, each with file, line, column and field. */
public class ProfileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<ProfileProblem> problems;

    public ProfileException(List<ProfileProblem> problems) {
        super(format(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ProfileException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in file order. */
    public List<ProfileProblem> problems() {
        return problems;
    }

    private static String format(List<ProfileProblem> problems) {
        return problems.stream().map(ProfileProblem::toString).collect(Collectors.joining("\n"));
    }
}
