package org.hanedge.fleet.api;

/** A resource named in a request does not exist: answered 404 with what and which. */
public class NotFoundException extends RuntimeException {
    private final String what;
    private final String id;

    public NotFoundException(String what, String id) {
        super(what + " '" + id + "' does not exist");
        this.what = what;
        this.id = id;
    }

    public String what() {
        return what;
    }

    public String id() {
        return id;
    }
}
