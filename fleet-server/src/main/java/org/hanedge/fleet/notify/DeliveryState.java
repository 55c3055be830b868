package org.hanedge.fleet.notify;

/** Where a webhook delivery stands. */
public enum DeliveryState {
    /** waiting for its (next) attempt */
    PENDING,
    /** a 2xx answer came back */
    DELIVERED,
    /** given up after the last attempt */
    FAILED
}
