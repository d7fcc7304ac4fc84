package dev.weir.runtime.failure;

import dev.weir.sdk.ConfigException;
import dev.weir.sdk.PipelineValidationException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NotDirectoryException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tells failures that a restart cannot fix from those it may fix. A decision, no I/O.
 *
 * <p>A restart replays the same code against the same configuration and the same files, so it
 * cannot fix bad configuration ({@link ConfigException}), an invalid pipeline
 * ({@link PipelineValidationException}), a path that is a file where a directory is needed
 * ({@link FileAlreadyExistsException}, {@link NotDirectoryException}), missing permissions
 * ({@link AccessDeniedException}) or classes that do not link ({@link LinkageError}). A job
 * that fails with one of these anywhere in its cause chain fails at once, whatever its restart
 * strategy. Everything else (an I/O error, a broker that went away, a user function that threw)
 * may be transient and is left to the restart strategy.
 */
public final class FailureClassifier {

  private FailureClassifier() {
  }

  /**
   * The cause in {@code failure}'s chain (itself included) that a restart cannot fix, or
   * empty if a restart may fix it.
   */
  public static Optional<Throwable> unrecoverableCause(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      if (t instanceof ConfigException || t instanceof PipelineValidationException
          || t instanceof dev.weir.sdk.checkpoint.IncompatibleStateException
          || t instanceof FileAlreadyExistsException || t instanceof NotDirectoryException
          || t instanceof AccessDeniedException || t instanceof LinkageError) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
