package dev.weir.runtime.checkpoint;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Picks the checkpoint to restore from: the newest one that verifies.
 *
 * <p>A decision over the complete checkpoints (in any order; they are tried newest id first).
 * Verification stops at the first checkpoint that passes; every newer one is reported as skipped
 * with its reason, so the runner can log a warning naming each. If none passes the job starts
 * fresh; a job never starts from a checkpoint that failed verification.
 *
 * @param <C> what the runner knows about a checkpoint, e.g. its manifest
 */
public final class RestoreSelector<C> {

  /** Checks one checkpoint, e.g. the checksums of its manifest and handles. */
  @FunctionalInterface
  public interface Verifier<C> {
    /**
     * @return empty if the checkpoint is usable, else a description of what is wrong
     * @throws IOException if it cannot be read; counts as a failed verification
     */
    Optional<String> problem(C checkpoint) throws IOException;
  }

  /** A checkpoint that was not chosen because it failed verification. */
  public record Skipped(long checkpointId, String reason) { }

  /**
   * The outcome.
   *
   * @param selected the checkpoint to restore; empty means start fresh
   * @param skipped the newer checkpoints that failed verification, newest first
   */
  public record Selection<C>(Optional<C> selected, List<Skipped> skipped) {
    /** Copies the skipped list. */
    public Selection {
      Objects.requireNonNull(selected, "selected");
      skipped = List.copyOf(skipped);
    }

    /** Whether no checkpoint verified, so the job starts without state. */
    public boolean startFresh() {
      return selected.isEmpty();
    }
  }

  private final ToLongFunction<C> idOf;
  private final Verifier<C> verifier;

  /**
   * @param idOf extracts the checkpoint id
   * @param verifier checks a checkpoint
   */
  public RestoreSelector(ToLongFunction<C> idOf, Verifier<C> verifier) {
    this.idOf = Objects.requireNonNull(idOf, "idOf");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
  }

  /** Selects among {@code complete}, newest id first. */
  public Selection<C> select(List<C> complete) {
    List<C> newestFirst = new ArrayList<>(Objects.requireNonNull(complete, "complete"));
    newestFirst.sort(Comparator.comparingLong(idOf).reversed());
    List<Skipped> skipped = new ArrayList<>();
    for (C candidate : newestFirst) {
      Optional<String> problem = verify(candidate);
      if (problem.isEmpty()) {
        return new Selection<>(Optional.of(candidate), skipped);
      }
      skipped.add(new Skipped(idOf.applyAsLong(candidate), problem.get()));
    }
    return new Selection<>(Optional.empty(), skipped);
  }

  private Optional<String> verify(C candidate) {
    try {
      Optional<String> problem = verifier.problem(candidate);
      return problem == null ? Optional.of("the verifier returned no answer") : problem;
    } catch (IOException | RuntimeException e) {
      return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
