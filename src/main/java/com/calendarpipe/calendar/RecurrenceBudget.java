package com.calendarpipe.calendar;

import com.calendarpipe.Refused;
import java.time.Duration;

/**
 * What one request may spend on recurrences: instances listed, rule periods walked through, and
 * time. RFC 5545 lets a rule recur every second without end, and ical4j walks a rule one period
 * at a time from its start; unbounded, one such event and a wide time range keep a request
 * thread busy for hours. Every expansion draws on the budget of the request it serves, so a
 * costly request is refused ({@link Exceeded}) and slows nobody else. One budget per request;
 * not shared between threads.
 */
public final class RecurrenceBudget {

    /** The most instances one answer may list (CalDAV's max-instances). */
    public static final int MAX_INSTANCES = 5000;
    /**
     * The most candidate dates one request may have ical4j make, walking rule periods: about half
     * a second of its work on a 2-core machine (it makes about a million a second there).
     */
    public static final long MAX_STEPS = 500_000;
    /** The longest a request may spend expanding, whatever the counts say. */
    public static final Duration MAX_TIME = Duration.ofSeconds(2);

    /** Which limit a request reached, as CalDAV names it. */
    public enum Limit {
        /** More instances than an answer may list: CalDAV's {@code max-instances}. */
        INSTANCES("max-instances"),
        /** More periods or time than a request may spend. */
        WORK("max-recurrence-work");

        private final String element;

        Limit(String element) {
            this.element = element;
        }

        public String element() {
            return element;
        }
    }

    /** A request that would spend more than its budget. */
    public static final class Exceeded extends Refused {

        private final Limit limit;

        Exceeded(Limit limit, String message) {
            super(Kind.TOO_COSTLY, message);
            this.limit = limit;
        }

        public Limit limit() {
            return limit;
        }
    }

    /** The rule periods walked and the deadline: shared by every count drawn from this request's budget. */
    private static final class Work {
        final long deadline = System.nanoTime() + MAX_TIME.toNanos();
        long steps;
    }

    private final Work work;
    private int instances;

    /** A new request's budget. */
    public RecurrenceBudget() {
        this(new Work());
    }

    private RecurrenceBudget(Work work) {
        this.work = work;
    }

    /**
     * A count of instances of its own, drawing on this request's work and time: for questions
     * about one object ("has it an instance in this range?") whose instances are not listed.
     */
    public RecurrenceBudget forOneObject() {
        return new RecurrenceBudget(work);
    }

    /** Counts instances found; past {@link #MAX_INSTANCES}, the request is refused. */
    void instances(int count) {
        instances += count;
        if (instances > MAX_INSTANCES) {
            throw new Exceeded(Limit.INSTANCES,
                    "The time range holds more than " + MAX_INSTANCES + " instances; narrow it");
        }
    }

    /** Counts rule periods about to be walked through; past the steps or the time, the request is refused. */
    void steps(long count) {
        work.steps = count > MAX_STEPS ? MAX_STEPS + 1 : work.steps + count;
        if (work.steps > MAX_STEPS || System.nanoTime() > work.deadline) {
            throw new Exceeded(Limit.WORK, "Expanding the recurring events over this time range costs more than "
                    + "one request may spend; narrow the range");
        }
    }

    /** How many more instances this request may list. */
    int instancesLeft() {
        return MAX_INSTANCES - instances;
    }
}
