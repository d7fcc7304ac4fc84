package dev.weir.runner.distributed.internal.protocol;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A submitted job: the value of the compacted jobs topic, keyed by {@link #jobId()}. Workers
 * build the job's pipeline from it; a client cancels the job by writing {@link #cancelled()}.
 *
 * @param jobId the job; not blank
 * @param factoryClass class name of the job's {@code PipelineFactory}; not blank
 * @param options pipeline options by name; copied, sorted by name
 * @param args arguments for the factory, in order; copied
 * @param planFingerprint fingerprint of the plan the submitter made; empty if it could not
 *     plan the job
 * @param stepDescriptors the planned steps in plan order; empty if the submitter could not
 *     plan the job
 * @param submittedAtMillis when the job was submitted (epoch ms); at least 0
 * @param cancelRequested whether a client asked to cancel the job
 * @param jarSha256 SHA-256 (64 lower-case hex digits) of the job's jar in the cluster's jar
 *     store, which workers load the job from; empty if they load it from their classpath
 */
public record JobDefinition(String jobId, String factoryClass, Map<String, String> options,
    List<String> args, String planFingerprint, List<String> stepDescriptors,
    long submittedAtMillis, boolean cancelRequested, String jarSha256) {

  /** Validates the fields and copies the collections. */
  public JobDefinition {
    Checks.notBlank(jobId, "jobId of a job definition");
    Checks.notBlank(factoryClass, "factoryClass of job '" + jobId + "'");
    options = Checks.sortedCopy(options, "options of job '" + jobId + "'");
    args = Checks.strings(args, "args of job '" + jobId + "'");
    Objects.requireNonNull(planFingerprint, "planFingerprint of job '" + jobId + "'");
    stepDescriptors = Checks.strings(stepDescriptors, "stepDescriptors of job '" + jobId + "'");
    Checks.atLeast(submittedAtMillis, 0, "submittedAtMillis of job '" + jobId + "'");
    Objects.requireNonNull(jarSha256, "jarSha256 of job '" + jobId + "'");
    if (!jarSha256.isEmpty()) {
      Checks.sha256(jarSha256, "jarSha256 of job '" + jobId + "'");
    }
  }

  /** A definition of a job whose class is on the workers' classpath (no jar). */
  public JobDefinition(String jobId, String factoryClass, Map<String, String> options,
      List<String> args, String planFingerprint, List<String> stepDescriptors,
      long submittedAtMillis, boolean cancelRequested) {
    this(jobId, factoryClass, options, args, planFingerprint, stepDescriptors,
        submittedAtMillis, cancelRequested, "");
  }

  /** Whether the workers load the job from a jar of the cluster's jar store. */
  public boolean hasJar() {
    return !jarSha256.isEmpty();
  }

  /** This definition with {@link #cancelRequested()} set. */
  public JobDefinition cancelled() {
    return new JobDefinition(jobId, factoryClass, options, args, planFingerprint,
        stepDescriptors, submittedAtMillis, true, jarSha256);
  }
}
