package dev.weir.sdk.checkpoint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The job-wide record of one complete checkpoint: which state handles make up each step's
 * state, and the facts needed to restore it.
 *
 * <p>The manifest is the commit point of a checkpoint: a {@link CheckpointStore} writes it
 * last, after every blob it references, and a checkpoint without a manifest does not exist.
 * Source positions and sink commit records are {@link OperatorStateHandle}s of their steps
 * (kinds {@code "source-position"} and {@code "sink-commit"}).
 *
 * <pre>{@code
 * CheckpointManifest m = new CheckpointManifest("orders", 17, clock.millis(), plan.fingerprint(),
 *     128, false, List.of(new StepSnapshot("count",
 *         List.of(KeyedStateHandles.full(0, 63, handle)), List.of(),
 *         Map.of("sum", Schema.create(Schema.Type.LONG).toString()))));
 * store.writeManifest(m);
 * }</pre>
 *
 * @param jobId the job; never empty
 * @param runId the run that wrote the checkpoint: one start of the job, kept across its
 *     restarts after failures, so that a restart restores only checkpoints of its own run (or
 *     of the run it resumed); empty in manifests written before runs had ids
 * @param checkpointId the checkpoint id, at least 1; ids only grow within a job
 * @param timestampMillis when the checkpoint was triggered, epoch milliseconds
 * @param planFingerprint the fingerprint of the physical plan that wrote the checkpoint
 * @param maxParallelism the number of key groups; every key-group range lies below it
 * @param savepoint whether this is a savepoint (kept until deleted by the user)
 * @param finished whether the checkpoint was taken after every source reached the end of its
 *     input by itself (the final checkpoint of a bounded run; not that of a drain): a run
 *     resuming from it reads only input that was added since (a file that grew, new records),
 *     so tools may offer to start over instead
 * @param steps one entry per stateful step, with distinct step names
 */
public record CheckpointManifest(
    String jobId,
    String runId,
    long checkpointId,
    long timestampMillis,
    String planFingerprint,
    int maxParallelism,
    boolean savepoint,
    boolean finished,
    List<StepSnapshot> steps) {

  /** Validates the fields and copies {@code steps} into an unmodifiable list. */
  public CheckpointManifest {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(planFingerprint, "planFingerprint");
    Objects.requireNonNull(steps, "steps");
    if (jobId.isEmpty()) {
      throw new IllegalArgumentException("jobId must not be empty");
    }
    if (checkpointId < 1) {
      throw new IllegalArgumentException("checkpointId must be at least 1, was " + checkpointId
          + " (job '" + jobId + "')");
    }
    if (maxParallelism < 1) {
      throw new IllegalArgumentException("maxParallelism must be at least 1, was "
          + maxParallelism + " (checkpoint " + checkpointId + " of job '" + jobId + "')");
    }
    steps = List.copyOf(steps);
    Set<String> names = new HashSet<>();
    for (StepSnapshot step : steps) {
      if (!names.add(step.stepName())) {
        throw new IllegalArgumentException("checkpoint " + checkpointId + " of job '" + jobId
            + "' lists step '" + step.stepName() + "' twice; merge its entries into one");
      }
      for (KeyedStateHandles range : step.keyed()) {
        if (range.keyGroupEndInclusive() >= maxParallelism) {
          throw new IllegalArgumentException("step '" + step.stepName() + "': key group range "
              + range.keyGroupStart() + ".." + range.keyGroupEndInclusive()
              + " reaches past maxParallelism " + maxParallelism + " (checkpoint "
              + checkpointId + " of job '" + jobId + "')");
        }
      }
    }
  }

  /**
   * A manifest without a run identity and not finished, as checkpoint format v1 wrote them
   * (and as tests of stores build them).
   */
  public CheckpointManifest(String jobId, long checkpointId, long timestampMillis,
      String planFingerprint, int maxParallelism, boolean savepoint, List<StepSnapshot> steps) {
    this(jobId, "", checkpointId, timestampMillis, planFingerprint, maxParallelism, savepoint,
        false, steps);
  }

  /** The snapshot of the step named {@code stepName}, if the checkpoint has one. */
  public Optional<StepSnapshot> step(String stepName) {
    Objects.requireNonNull(stepName, "stepName");
    return steps.stream().filter(s -> s.stepName().equals(stepName)).findFirst();
  }

  /**
   * This checkpoint with steps renamed ({@code renames} maps an old step name to its new one),
   * for restoring it into a pipeline whose steps were renamed since: the state of step
   * {@code old} becomes the state of step {@code renames.get(old)}; blobs are shared, not
   * copied.
   *
   * @throws IllegalArgumentException naming the step if an old name is not a step of this
   *     checkpoint, or a new name is one of its steps that keeps its name (two steps' state
   *     would become one)
   */
  public CheckpointManifest withRenamedSteps(Map<String, String> renames) {
    Objects.requireNonNull(renames, "renames");
    if (renames.isEmpty()) {
      return this;
    }
    Set<String> names = new LinkedHashSet<>();
    steps.forEach(s -> names.add(s.stepName()));
    for (Map.Entry<String, String> r : renames.entrySet()) {
      if (!names.contains(r.getKey())) {
        throw new IllegalArgumentException("cannot rename step '" + r.getKey() + "' to '"
            + r.getValue() + "': checkpoint " + checkpointId + " of job '" + jobId + "' has no "
            + "step '" + r.getKey() + "' (its stateful steps: " + String.join(", ", names) + ")");
      }
      if (names.contains(r.getValue()) && !renames.containsKey(r.getValue())) {
        throw new IllegalArgumentException("cannot rename step '" + r.getKey() + "' to '"
            + r.getValue() + "': checkpoint " + checkpointId + " of job '" + jobId + "' has "
            + "state of a step '" + r.getValue() + "' already; rename that one too, or choose "
            + "another name");
      }
    }
    if (new HashSet<>(renames.values()).size() < renames.size()) {
      throw new IllegalArgumentException("cannot rename two steps to one name: " + renames
          + " (checkpoint " + checkpointId + " of job '" + jobId + "')");
    }
    List<StepSnapshot> renamed = new ArrayList<>();
    for (StepSnapshot s : steps) {
      renamed.add(new StepSnapshot(renames.getOrDefault(s.stepName(), s.stepName()), s.keyed(),
          s.operatorState(), s.stateSchemas()));
    }
    return new CheckpointManifest(jobId, runId, checkpointId, timestampMillis, planFingerprint,
        maxParallelism, savepoint, finished, renamed);
  }

  /**
   * Every blob this checkpoint needs for a restore: full snapshots, deltas (including those
   * written by earlier checkpoints) and operator state, in manifest order without duplicates.
   * Retention keeps exactly these for a retained checkpoint.
   */
  public Set<StateHandle> referencedHandles() {
    Set<StateHandle> handles = new LinkedHashSet<>();
    for (StepSnapshot step : steps) {
      for (KeyedStateHandles range : step.keyed()) {
        handles.add(range.full());
        handles.addAll(range.deltas());
      }
      for (OperatorStateHandle op : step.operatorState()) {
        handles.add(op.handle());
      }
    }
    return handles;
  }

  /** The bytes a restore of this checkpoint reads: the sum over {@link #referencedHandles()}. */
  public long totalBytes() {
    return referencedHandles().stream().mapToLong(StateHandle::length).sum();
  }

  /** The bytes of keyed deltas referenced by this checkpoint (all of them, not only its own). */
  public long deltaBytes() {
    Set<StateHandle> deltas = new LinkedHashSet<>();
    for (StepSnapshot step : steps) {
      for (KeyedStateHandles range : step.keyed()) {
        deltas.addAll(range.deltas());
      }
    }
    return deltas.stream().mapToLong(StateHandle::length).sum();
  }

  /**
   * The bytes written by this checkpoint itself: the referenced handles whose
   * {@link StateHandle#checkpointId()} is this checkpoint's id. For an incremental checkpoint
   * this is what it added on top of earlier ones.
   */
  public long ownBytes() {
    return referencedHandles().stream()
        .filter(h -> h.checkpointId() == checkpointId)
        .mapToLong(StateHandle::length)
        .sum();
  }

  /** A short description for messages, e.g. {@code "checkpoint 17 of job 'orders'"}. */
  public String describe() {
    return (savepoint ? "savepoint " : "checkpoint ") + checkpointId + " of job '" + jobId + "'";
  }
}
