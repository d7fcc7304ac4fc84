package dev.weir.runner.distributed.internal.worker;

import dev.weir.runner.distributed.internal.protocol.JobDefinition;
import dev.weir.sdk.RestartStrategy;
import dev.weir.sdk.checkpoint.CheckpointConfig;
import java.time.Duration;
import java.util.Map;

/**
 * The distributed runner's reading of a job's options: checkpoint configuration (every second
 * unless set: a distributed job always needs a checkpoint to roll back to) and the restart
 * strategy (unbounded restarts after 200 ms unless set: a lost worker is a normal event).
 */
public final class JobSettings {
  /** Option: the most restarts before the job fails. */
  public static final String MAX_RESTARTS_CONFIG = "restart.max.restarts";
  /** Option: the delay before each restart, in milliseconds. */
  public static final String RESTART_DELAY_MS_CONFIG = "restart.delay.ms";
  /**
   * Option: the job's first epoch restores the newest checkpoint in the store (a savepoint the
   * submitter imported) instead of starting from empty state.
   */
  public static final String RESUME_CONFIG = "restore.resume";
  /** Option: restore even if the checkpoint holds state the job no longer has (dropped). */
  public static final String ALLOW_NON_RESTORED_STATE_CONFIG = "restore.allow.non.restored.state";
  /** The default checkpoint interval of a distributed job. */
  public static final long DEFAULT_INTERVAL_MS = 1000;
  static final int BATCH_SIZE = 512;

  private JobSettings() {
  }

  public static CheckpointConfig checkpointConfig(JobDefinition d) {
    Map<String, String> options = d.options();
    CheckpointConfig c = CheckpointConfig.fromMap(options);
    if (!options.containsKey(CheckpointConfig.INTERVAL_MS_CONFIG) && !c.hasAutomaticTrigger()) {
      c = c.withIntervalMs(DEFAULT_INTERVAL_MS);
    }
    return c;
  }

  /** Whether the job's first epoch resumes from the store's newest checkpoint. */
  public static boolean resume(JobDefinition d) {
    return Boolean.parseBoolean(d.options().getOrDefault(RESUME_CONFIG, "false"));
  }

  /** Whether restores may drop state the job no longer has. */
  public static boolean allowNonRestoredState(JobDefinition d) {
    return Boolean.parseBoolean(d.options().getOrDefault(ALLOW_NON_RESTORED_STATE_CONFIG,
        "false"));
  }

  public static RestartStrategy restartStrategy(JobDefinition d) {
    Map<String, String> options = d.options();
    int max = parse(options, MAX_RESTARTS_CONFIG, Integer.MAX_VALUE);
    long delay = parse(options, RESTART_DELAY_MS_CONFIG, 200);
    return RestartStrategy.fixedDelay(max, Duration.ofMillis(delay));
  }

  private static int parse(Map<String, String> options, String key, int def) {
    String v = options.get(key);
    if (v == null) {
      return def;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + key + " must be a whole number >= 0, was '"
          + v + "'");
    }
  }
}
