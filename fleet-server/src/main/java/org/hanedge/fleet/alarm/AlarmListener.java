package org.hanedge.fleet.alarm;

/**
 * Told of every alarm transition that changed something (a new raise, the first acknowledgement, a clear; never of
 * an ignored repeat). Called inside the transaction of the change, after its history row is written: what a listener
 * writes to the database commits or rolls back with the change, and an exception it throws rolls the change back.
 * Listeners must therefore be quick and must not do I/O other than the database (the webhook outbox queues rows;
 * a sender job delivers them later).
 */
public interface AlarmListener {
    void onTransition(AlarmTransition transition);
}
