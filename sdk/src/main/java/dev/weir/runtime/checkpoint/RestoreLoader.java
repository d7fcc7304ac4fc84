package dev.weir.runtime.checkpoint;

import dev.weir.runtime.graph.LogicalNode;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.sdk.ConfigException;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.checkpoint.StepSnapshot;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the checkpoint a job restores: among the checkpoints its {@link RestoreScope} allows,
 * the newest complete one whose blobs all verify (length and checksum), falling back to older
 * ones with a warning naming each skipped checkpoint; then checks that it fits the plan.
 */
public final class RestoreLoader {
  private static final Logger LOG = LoggerFactory.getLogger(RestoreLoader.class);

  private RestoreLoader() {
  }

  /**
   * The checkpoint to restore, or empty to start from empty state; tells {@code scope} what
   * was chosen.
   */
  public static Optional<CheckpointManifest> select(CheckpointStore store, PhysicalPlan plan,
      boolean allowNonRestoredState, RestoreScope scope) throws IOException {
    List<CheckpointManifest> candidates = scope.candidates(store.listCheckpoints(plan.jobName()));
    Optional<CheckpointManifest> selected = verifiedNewest(store, plan, candidates);
    if (selected.isEmpty() && !candidates.isEmpty() && scope.restarting()) {
      // Sinks may have committed the output of these checkpoints: starting from empty state
      // would write it again.
      throw new dev.weir.sdk.CheckpointException(
          dev.weir.sdk.CheckpointFailureReason.TASK_FAILURE, -1, "job '" + plan.jobName()
              + "' (run " + scope.runId() + "): none of the " + candidates.size()
              + " checkpoints it may restore verifies (see the warnings above); restarting from "
              + "empty state would repeat output that sinks already committed, so the job "
              + "fails. Check the store (weir checkpoints verify), then start the job fresh or "
              + "restore from an earlier store copy", null);
    }
    if (selected.isPresent()) {
      check(selected.get(), plan, allowNonRestoredState);
    } else {
      LOG.info("Job '{}' (run {}): starting from empty state: {}", plan.jobName(), scope.runId(),
          scope.lastDecision());
    }
    scope.restored(selected.orElse(null));
    return selected;
  }

  private static Optional<CheckpointManifest> verifiedNewest(CheckpointStore store,
      PhysicalPlan plan, List<CheckpointManifest> complete) throws IOException {
    RestoreSelector<CheckpointManifest> selector = new RestoreSelector<>(
        CheckpointManifest::checkpointId, m -> {
          long bytes = 0;
          for (StateHandle h : m.referencedHandles()) {
            store.verify(h);
            bytes += h.length();
          }
          // Timestamps of the log lines show how long verification took; checkpoint code reads
          // no clock of its own.
          LOG.debug("Job '{}': checkpoint {} verified ({} bytes)", plan.jobName(),
              m.checkpointId(), bytes);
          return Optional.empty();
        });
    RestoreSelector.Selection<CheckpointManifest> selection = selector.select(complete);
    for (RestoreSelector.Skipped s : selection.skipped()) {
      LOG.warn("Job '{}': skipping checkpoint {} for restore: {}", plan.jobName(),
          s.checkpointId(), s.reason());
    }
    if (selection.selected().isEmpty() && !complete.isEmpty()) {
      LOG.warn("Job '{}': none of the {} checkpoints it may restore verifies",
          plan.jobName(), complete.size());
    }
    return selection.selected();
  }

  /**
   * Refuses a checkpoint that does not fit the plan, saying what to change: another max
   * parallelism, state of steps the plan lacks (unless allowed), or keyed state whose schema
   * the plan's coders cannot read ({@link StateCompatibility}).
   */
  public static void check(CheckpointManifest m, PhysicalPlan plan, boolean allowNonRestoredState) {
    if (m.maxParallelism() != plan.maxParallelism()) {
      throw new ConfigException(PipelineOptions.MAX_PARALLELISM_CONFIG, plan.maxParallelism(),
          "checkpoint " + m.checkpointId() + " of job '" + m.jobId() + "' was taken with "
              + PipelineOptions.MAX_PARALLELISM_CONFIG + "=" + m.maxParallelism() + " but the "
              + "pipeline has " + plan.maxParallelism() + "; key groups cannot change for the "
              + "life of a job's state: set it back to " + m.maxParallelism()
              + " or start the job fresh");
    }
    Set<String> steps = new HashSet<>();
    plan.chains().forEach(c -> c.nodes().stream().map(LogicalNode::name).forEach(steps::add));
    for (StepSnapshot s : m.steps()) {
      if (!steps.contains(s.stepName()) && !allowNonRestoredState) {
        throw new dev.weir.sdk.WeirException("checkpoint " + m.checkpointId() + " of job '"
            + m.jobId() + "' holds state of step '" + s.stepName() + "', which the pipeline no "
            + "longer has; if the step was renamed, map its state to the new name (the "
            + "runner's renameStep(old, new), or --rename-step old=new), else rename the step "
            + "back, or allow dropping that state with allowNonRestoredState(true) on the "
            + "runner (--allow-non-restored-state)", null, s.stepName(), -1);
      }
    }
    StateCompatibility.requireCompatible(m, plan, allowNonRestoredState);
  }
}
