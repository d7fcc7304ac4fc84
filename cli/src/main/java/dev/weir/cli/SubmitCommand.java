package dev.weir.cli;

import dev.weir.runner.distributed.DistributedJob;
import dev.weir.runner.distributed.DistributedRunner;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weir submit}: publishes a job to a Weir cluster. */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = "Submit a job (a PipelineFactory class, in --jar or on the workers' classpath) "
        + "to a Weir cluster; prints the job id. Arguments after -- go to the job.")
final class SubmitCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions cluster;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = {"--job", "--class"}, required = true,
      description = "The job's PipelineFactory class.")
  String jobClass;

  @Option(names = "--jar", paramLabel = "JAR", description = "The application's jar: stored in "
      + "the cluster (once per SHA-256), fetched by every worker and loaded in a class loader of "
      + "the job's own, so workers need no application classpath.")
  java.nio.file.Path jar;

  @Option(names = "--replace-jar", description = "With --jar: store the jar again even if the "
      + "cluster has it (mends a stored copy that workers refused as damaged).")
  boolean replaceJar;

  @Option(names = "--name", description = "The job's name; the id adds a random suffix "
      + "(default: the class's simple name).")
  String name;

  @Option(names = "--parallelism", description = "Default parallelism of the job's steps (default ${DEFAULT-VALUE}).")
  int parallelism = 2;

  @Option(names = "--checkpoint-interval", description = "Milliseconds between checkpoints (default ${DEFAULT-VALUE}).")
  long checkpointInterval = 1000;

  @Option(names = "--wait", description = "Wait until the job ends; exit 0 when it is DONE, 1 otherwise.")
  boolean await;

  @Option(names = "--from-savepoint", paramLabel = "DIR", description = "Start the job from a "
      + "savepoint directory on this machine (checked against the job first, then copied into "
      + "the cluster's store); the job class must be on this classpath or in --jar.")
  java.nio.file.Path fromSavepoint;

  @Option(names = "--allow-non-restored-state", description = "With --from-savepoint: drop "
      + "state of steps and states the job no longer has.")
  boolean allowNonRestoredState;

  @Option(names = "--rename-step", paramLabel = "OLD=NEW", description = "With "
      + "--from-savepoint: restore the savepoint's state of step OLD into the job's step NEW "
      + "(a step renamed since); repeat for several steps.")
  java.util.Map<String, String> renamedSteps = new java.util.LinkedHashMap<>();

  @Parameters(description = "The job's own arguments (after --).")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (parallelism < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--parallelism must be at least 1, was " + parallelism);
    }
    if (!renamedSteps.isEmpty() && fromSavepoint == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--rename-step needs --from-savepoint");
    }
    if (replaceJar && jar == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--replace-jar needs --jar");
    }
    if (jar != null && !java.nio.file.Files.isRegularFile(jar)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--jar: no such "
          + "file: " + jar);
    }
    ClassLoader loader = null;
    if (jar == null) {
      try {
        Class.forName(jobClass, false, getClass().getClassLoader());
        loader = getClass().getClassLoader();
      } catch (ClassNotFoundException e) {
        spec.commandLine().getErr().println("weir submit: " + jobClass + " is not on this "
            + "classpath; the workers plan it unchecked (no fingerprint)");
      }
    }
    String jobName = name != null ? name
        : jobClass.substring(jobClass.lastIndexOf('.') + 1).replaceAll("[^A-Za-z0-9._-]", "-");
    PipelineOptions options = PipelineOptions.defaults().withJobName(jobName)
        .withParallelism(parallelism).withCheckpointInterval(Duration.ofMillis(checkpointInterval));
    try (DistributedRunner runner = DistributedRunner.connect(cluster.kafka(), cluster.cluster)) {
      if (fromSavepoint != null && loader == null && jar == null) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--from-savepoint "
            + "checks the savepoint against the job here: put " + jobClass + " on the classpath, "
            + "or give its --jar");
      }
      DistributedJob job;
      if (jar != null) {
        if (replaceJar) {
          runner.storeJar(jar, true);
        }
        job = runner.submitJar(jar, jobClass, options, args, fromSavepoint, allowNonRestoredState,
            renamedSteps);
      } else {
        job = fromSavepoint == null ? runner.submit(jobClass, options, args, loader)
            : runner.submit(jobClass, options, args, loader, fromSavepoint, allowNonRestoredState,
                renamedSteps);
      }
      System.out.println(job.jobName());
      if (!await) {
        return 0;
      }
      try {
        PipelineResult.State st = job.waitUntilFinish(Duration.ofDays(365));
        spec.commandLine().getErr().println("weir submit: job " + job.jobName() + " ended " + st + " after "
            + job.restarts() + " restart(s)");
        return st == PipelineResult.State.DONE ? 0 : 1;
      } catch (RuntimeException e) {
        spec.commandLine().getErr().println("weir submit: job " + job.jobName() + " failed: "
            + job.failure().map(Throwable::getMessage).orElse(e.getMessage()));
        return 1;
      }
    }
  }
}
