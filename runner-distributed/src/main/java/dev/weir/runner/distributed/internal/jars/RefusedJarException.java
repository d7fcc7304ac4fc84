package dev.weir.runner.distributed.internal.jars;

/**
 * A job's jar cannot be used: it is not in the cluster's jar store, or the stored bytes do not
 * hash to the SHA-256 the job names. No retry helps: the job is refused (FAILED) with this
 * message, which says what to do.
 */
public final class RefusedJarException extends RuntimeException {

  RefusedJarException(String message) {
    super(message);
  }
}
