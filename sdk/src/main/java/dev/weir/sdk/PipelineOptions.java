package dev.weir.sdk;

import dev.weir.sdk.checkpoint.CheckpointConfig;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Job-wide settings of a {@link Pipeline}; immutable, changed with {@code with*} copies.
 *
 * <pre>{@code
 * PipelineOptions options = PipelineOptions.defaults()
 *     .withJobName("wordcount")
 *     .withParallelism(4);
 * }</pre>
 *
 * <p>Keys (for configuration files and error messages): {@value #JOB_NAME_CONFIG},
 * {@value #PARALLELISM_CONFIG}, {@value #MAX_PARALLELISM_CONFIG}.
 */
public final class PipelineOptions {

  /** Key of the job name. */
  public static final String JOB_NAME_CONFIG = "pipeline.job.name";
  /** Doc of {@link #JOB_NAME_CONFIG}. */
  public static final String JOB_NAME_DOC =
      "The job's name; also its identity in checkpoint stores (a new run resumes the latest checkpoint of the same name).";
  /** Key of the default parallelism. */
  public static final String PARALLELISM_CONFIG = "pipeline.parallelism";
  /** Doc of {@link #PARALLELISM_CONFIG}. */
  public static final String PARALLELISM_DOC =
      "Subtasks per step, unless a step sets its own with withParallelism().";
  /** Key of the number of key groups. */
  public static final String MAX_PARALLELISM_CONFIG = "pipeline.max.parallelism";
  /** Doc of {@link #MAX_PARALLELISM_CONFIG}. */
  public static final String MAX_PARALLELISM_DOC =
      "Number of key groups; the upper bound of any keyed step's parallelism. Fixed for the life of the job's checkpoints.";

  private final String jobName;
  private final int parallelism;
  private final int maxParallelism;
  private final Map<String, String> settings;

  private PipelineOptions(String jobName, int parallelism, int maxParallelism,
      Map<String, String> settings) {
    this.jobName = jobName;
    this.parallelism = parallelism;
    this.maxParallelism = maxParallelism;
    this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  /** Job name "weir-job", parallelism 1, 128 key groups, checkpoint settings at their defaults. */
  public static PipelineOptions defaults() {
    return new PipelineOptions("weir-job", 1, 128, Map.of());
  }

  /**
   * A copy with one more setting. Known keys are the checkpoint settings
   * ({@code checkpoint.interval.ms}, {@code checkpoint.every.records},
   * {@code checkpoint.timeout.ms}, {@code checkpoint.min.pause.ms},
   * {@code checkpoint.max.concurrent}, {@code checkpoint.tolerable.failures},
   * {@code checkpoint.retained}, {@code checkpoint.max.delta.chain}); see the operations guide.
   *
   * @throws ConfigException for an unknown key or an invalid value
   */
  public PipelineOptions withSetting(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (!key.startsWith("checkpoint.")) {
      throw new ConfigException(key, value, "unknown setting " + key
          + "; settings are the checkpoint.* keys listed in the operations guide");
    }
    Map<String, String> next = new LinkedHashMap<>(settings);
    next.put(key, value);
    CheckpointConfig.fromMap(next);
    return new PipelineOptions(jobName, parallelism, maxParallelism, next);
  }

  /** A copy that checkpoints every {@code interval} (when the runner has a checkpoint store). */
  public PipelineOptions withCheckpointInterval(Duration interval) {
    return withSetting(CheckpointConfig.INTERVAL_MS_CONFIG, Long.toString(interval.toMillis()));
  }

  /** The settings given with {@link #withSetting}, in the order given. */
  public Map<String, String> settings() {
    return settings;
  }

  /** A copy with another job name (letters, digits, '.', '_' and '-'). */
  public PipelineOptions withJobName(String jobName) {
    Objects.requireNonNull(jobName, "jobName");
    if (!jobName.matches("[A-Za-z0-9._-]+")) {
      throw new ConfigException(JOB_NAME_CONFIG, jobName, JOB_NAME_CONFIG
          + " must contain only letters, digits, '.', '_' and '-', was '" + jobName + "'");
    }
    return new PipelineOptions(jobName, parallelism, maxParallelism, settings);
  }

  /** A copy with another default parallelism (1 to the max parallelism). */
  public PipelineOptions withParallelism(int parallelism) {
    if (parallelism < 1) {
      throw new ConfigException(PARALLELISM_CONFIG, parallelism,
          PARALLELISM_CONFIG + " must be >= 1, was " + parallelism);
    }
    return new PipelineOptions(jobName, parallelism, maxParallelism, settings);
  }

  /** A copy with another number of key groups (1 to 32768). */
  public PipelineOptions withMaxParallelism(int maxParallelism) {
    if (maxParallelism < 1 || maxParallelism > 32768) {
      throw new ConfigException(MAX_PARALLELISM_CONFIG, maxParallelism,
          MAX_PARALLELISM_CONFIG + " must be between 1 and 32768, was " + maxParallelism);
    }
    return new PipelineOptions(jobName, parallelism, maxParallelism, settings);
  }

  /** The job name. */
  public String jobName() {
    return jobName;
  }

  /** The default parallelism of steps. */
  public int parallelism() {
    return parallelism;
  }

  /** The number of key groups. */
  public int maxParallelism() {
    return maxParallelism;
  }

  @Override
  public String toString() {
    return JOB_NAME_CONFIG + "=" + jobName + ", " + PARALLELISM_CONFIG + "=" + parallelism + ", "
        + MAX_PARALLELISM_CONFIG + "=" + maxParallelism
        + (settings.isEmpty() ? "" : ", " + settings.toString().replaceAll("[{}]", ""));
  }
}
