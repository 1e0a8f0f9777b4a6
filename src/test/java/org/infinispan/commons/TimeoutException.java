package org.infinispan.commons;

/** A stand-in with the name of Infinispan's timeout (ISPN000299 and the like), which the tests do not depend on. */
public class TimeoutException extends RuntimeException {
    public TimeoutException(String message) {
        super(message);
    }
}
