package dev.weir.sdk;

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

  private PipelineOptions(String jobName, int parallelism, int maxParallelism) {
    this.jobName = jobName;
    this.parallelism = parallelism;
    this.maxParallelism = maxParallelism;
  }

  /** Job name "weir-job", parallelism 1, 128 key groups. */
  public static PipelineOptions defaults() {
    return new PipelineOptions("weir-job", 1, 128);
  }

  /** A copy with another job name (letters, digits, '.', '_' and '-'). */
  public PipelineOptions withJobName(String jobName) {
    Objects.requireNonNull(jobName, "jobName");
    if (!jobName.matches("[A-Za-z0-9._-]+")) {
      throw new ConfigException(JOB_NAME_CONFIG, jobName, JOB_NAME_CONFIG
          + " must contain only letters, digits, '.', '_' and '-', was '" + jobName + "'");
    }
    return new PipelineOptions(jobName, parallelism, maxParallelism);
  }

  /** A copy with another default parallelism (1 to the max parallelism). */
  public PipelineOptions withParallelism(int parallelism) {
    if (parallelism < 1) {
      throw new ConfigException(PARALLELISM_CONFIG, parallelism,
          PARALLELISM_CONFIG + " must be >= 1, was " + parallelism);
    }
    return new PipelineOptions(jobName, parallelism, maxParallelism);
  }

  /** A copy with another number of key groups (1 to 32768). */
  public PipelineOptions withMaxParallelism(int maxParallelism) {
    if (maxParallelism < 1 || maxParallelism > 32768) {
      throw new ConfigException(MAX_PARALLELISM_CONFIG, maxParallelism,
          MAX_PARALLELISM_CONFIG + " must be between 1 and 32768, was " + maxParallelism);
    }
    return new PipelineOptions(jobName, parallelism, maxParallelism);
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
        + MAX_PARALLELISM_CONFIG + "=" + maxParallelism;
  }
}
