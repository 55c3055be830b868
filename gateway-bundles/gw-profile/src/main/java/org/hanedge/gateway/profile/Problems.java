package org.hanedge.gateway.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** The problems found in one profile file, each with its position; sorted by position when thrown. */
final class Problems {
    private final String file;
    private final List<ProfileProblem> problems = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    /** A problem at the start of {@code node}; a null node has no position (line and column 0). */
    void at(Node node, String field, String message) {
        Mark mark = node == null ? null : node.getStartMark();
        at(mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1, field, message);
    }

    /** A problem at a 1-based line and column (0 for none). */
    void at(int line, int column, String field, String message) {
        problems.add(new ProfileProblem(file, line, column, field, message));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Every problem, ordered by line and column (problems at the same position keep the order found). */
    ProfileException toException() {
        List<ProfileProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(ProfileProblem::line).thenComparingInt(ProfileProblem::column));
        return new ProfileException(sorted);
    }
}
