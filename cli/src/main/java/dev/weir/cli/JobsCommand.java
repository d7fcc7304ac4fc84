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
    subcommands = {JobsCommand.ListJobs.class, JobsCommand.Cancel.class})
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
}
