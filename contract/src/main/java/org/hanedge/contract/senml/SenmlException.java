package org.hanedge.contract.senml;

/** A whole pack could not be read; nothing of it was decoded. The message names what was wrong and where. */
public class SenmlException extends Exception {
    private final SenmlProblem problem;

    public SenmlException(SenmlProblem problem, String detail) {
        super(detail, null, false, false);
        this.problem = problem;
    }

    public SenmlProblem problem() {
        return problem;
    }
}
