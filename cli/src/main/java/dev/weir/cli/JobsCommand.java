package dev.weir.cli;

import dev.weir.runner.distributed.DistributedRunner;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code weir jobs}: the jobs of a Weir cluster. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
    description = "List or cancel the jobs of a Weir cluster.",
    subcommands = {JobsCommand.ListJobs.class, JobsCommand.Cancel.class,
        JobsCommand.Checkpoint.class, JobsCommand.SavepointNow.class})
final class JobsCommand implements Runnable {
  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  /** {@code weir jobs list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Every job the cluster's status topic knows: state, epoch, restarts, latest checkpoint.")
  static final class ListJobs implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
      try (DistributedRunner runner = DistributedRunner.connect(cluster.kafka(), cluster.cluster)) {
        var jobs = runner.jobs();
        if (jobs.isEmpty()) {
          System.out.println("no jobs in cluster '" + cluster.cluster + "'");
          return 0;
        }
        TextTable t = new TextTable("job", "state", "epoch", "restarts", "checkpoint", "updated",
            "note");
        jobs.forEach((id, s) -> t.row(id, s.state(), s.epoch(), s.restarts(),
            s.latestCheckpointId() < 0 ? "-" : s.latestCheckpointId(),
            Instant.ofEpochMilli(s.updatedAtMillis()).toString(),
            s.failure() == null ? "" : s.failure()));
        java.io.PrintWriter out = new java.io.PrintWriter(System.out, true);
        t.print(out);
        out.flush();
        return 0;
      }
    }
  }

  /** {@code weir jobs cancel}. */
  @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a job.")
  static final class Cancel implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Parameters(index = "0", description = "The job id (see weir jobs list).")
    String jobId;

    @Override
    public Integer call() throws Exception {
      try (DistributedRunner runner = DistributedRunner.connect(cluster.kafka(), cluster.cluster)) {
        runner.cancel(jobId);
        System.out.println("cancel requested for " + jobId);
        return 0;
      }
    }
  }

  /** {@code weir jobs checkpoint ID}: a checkpoint now. */
  @Command(name = "checkpoint", mixinStandardHelpOptions = true,
      description = "Take a checkpoint of a running job now; prints its id once complete.")
  static final class Checkpoint implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Parameters(index = "0", description = "The job id (see weir jobs list).")
    String jobId;

    @Override
    public Integer call() throws Exception {
      try (DistributedRunner runner = DistributedRunner.connect(cluster.kafka(), cluster.cluster)) {
        long id = runner.job(jobId).triggerCheckpoint().get();
        System.out.println("checkpoint " + id + " of " + jobId + " completed");
        return 0;
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
      }
    }
  }

  /** {@code weir jobs savepoint ID --dir DIR}: a savepoint now, copied to DIR. */
  @Command(name = "savepoint", mixinStandardHelpOptions = true,
      description = "Take a savepoint of a running job now and copy it into a new directory "
          + "under --dir on this machine (self-contained, relocatable); the job goes on.")
  static final class SavepointNow implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Parameters(index = "0", description = "The job id (see weir jobs list).")
    String jobId;

    @picocli.CommandLine.Option(names = "--dir", required = true,
        description = "Where the savepoint's directory is created.")
    java.nio.file.Path dir;

    @Override
    public Integer call() throws Exception {
      try (DistributedRunner runner = DistributedRunner.connect(cluster.kafka(), cluster.cluster)) {
        java.nio.file.Path sp = runner.job(jobId).savepoint(dir).get();
        System.out.println("savepoint of " + jobId + " written to " + sp);
        return 0;
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
      }
    }
  }
}
