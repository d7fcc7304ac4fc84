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
    description = "List, inspect, checkpoint, stop or cancel the jobs of a Weir cluster.",
    subcommands = {JobsCommand.ListJobs.class, JobsCommand.Cancel.class,
        JobsCommand.Status.class, JobsCommand.Checkpoint.class, JobsCommand.SavepointNow.class,
        JobsCommand.Stop.class})
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

  /** {@code weir jobs stop ID [--savepoint-dir DIR]}: stop with a final checkpoint or savepoint. */
  @Command(name = "stop", mixinStandardHelpOptions = true,
      description = "Stop a running job: its sources stop reading, it takes a final checkpoint "
          + "(a savepoint with --savepoint-dir), its sinks commit, and it ends STOPPED without "
          + "firing end-of-input results (timers and windows stay pending in the checkpoint). "
          + "Waits until the job has stopped.")
  static final class Stop implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Parameters(index = "0", description = "The job id (see weir jobs list).")
    String jobId;

    @picocli.CommandLine.Option(names = "--savepoint-dir",
        description = "Make the final checkpoint a savepoint and copy it into a new directory "
            + "here (on this machine); resume with weir submit --from-savepoint.")
    java.nio.file.Path savepointDir;

    @Override
    public Integer call() throws Exception {
      try (DistributedRunner runner = DistributedRunner.connect(cluster.kafka(), cluster.cluster)) {
        var job = runner.job(jobId);
        if (savepointDir != null) {
          java.nio.file.Path sp = job.stopWithSavepoint(savepointDir).get();
          System.out.println(jobId + " stopped; its savepoint is " + sp);
          return 0;
        }
        job.stop();
        var end = job.waitUntilFinish(java.time.Duration.ofMinutes(2));
        if (end != dev.weir.sdk.PipelineResult.State.STOPPED) {
          System.err.println(jobId + " did not stop: it is " + end);
          return 1;
        }
        System.out.println(jobId + " stopped with checkpoint " + job.latestCheckpointId());
        return 0;
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
      }
    }
  }

  /**
   * {@code weir jobs status ID [--json]}: one job's state, subtasks, steps and latest
   * checkpoints.
   */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "One job: state, epoch, restarts, each subtask (worker, state, records, "
          + "backpressure), each step (subtasks, records in and out, rates, watermark, "
          + "backpressure) and its latest checkpoints (id, duration, bytes, "
          + "sync/async/alignment maxima).")
  static final class Status implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Parameters(index = "0", description = "The job id (see weir jobs list).")
    String jobId;

    @picocli.CommandLine.Option(names = "--checkpoints", description = "How many of the "
        + "latest checkpoints to show (default ${DEFAULT-VALUE}).")
    int last = 10;

    @picocli.CommandLine.Option(names = "--json", description = "One JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      try (DistributedRunner runner = DistributedRunner.connect(cluster.kafka(), cluster.cluster)) {
        dev.weir.runner.distributed.JobInfo info = runner.jobs().get(jobId);
        if (info == null) {
          throw new IllegalArgumentException("no job '" + jobId + "' in cluster '"
              + cluster.cluster + "' (see weir jobs list)");
        }
        java.util.List<dev.weir.sdk.CheckpointMetrics> all = runner.job(jobId).checkpoints();
        java.util.List<dev.weir.sdk.CheckpointMetrics> cps =
            all.subList(Math.max(0, all.size() - last), all.size());
        java.io.PrintWriter out = new java.io.PrintWriter(System.out, true);
        dev.weir.runner.distributed.DistributedJob job = runner.job(jobId);
        StepTable steps = new StepTable(job.metrics(), job.subtaskStatus());
        if (json) {
          StringBuilder b = new StringBuilder("{\"job\":").append(Json.string(jobId))
              .append(",\"state\":").append(Json.string(info.state()))
              .append(",\"epoch\":").append(info.epoch())
              .append(",\"restarts\":").append(info.restarts())
              .append(",\"latestCheckpoint\":").append(info.latestCheckpointId())
              .append(",\"failure\":").append(info.failure() == null ? "null"
                  : Json.string(info.failure()))
              .append(",\"placement\":{");
          String sep = "";
          for (var e : info.placement().entrySet()) {
            b.append(sep).append(Json.string(e.getKey())).append(':')
                .append(Json.string(e.getValue()));
            sep = ",";
          }
          b.append("},").append(steps.json()).append(",\"checkpoints\":[");
          sep = "";
          for (dev.weir.sdk.CheckpointMetrics m : cps) {
            b.append(sep).append("{\"id\":").append(m.checkpointId())
                .append(",\"durationMs\":").append(m.durationMs())
                .append(",\"bytes\":").append(m.bytes())
                .append(",\"fullBytes\":").append(m.fullBytes())
                .append(",\"deltaBytes\":").append(m.deltaBytes())
                .append(",\"syncMsMax\":").append(m.syncMsMax())
                .append(",\"asyncMsMax\":").append(m.asyncMsMax())
                .append(",\"alignmentMsMax\":").append(m.alignmentMsMax()).append('}');
            sep = ",";
          }
          out.println(b.append("]}"));
          return 0;
        }
        out.printf("job %s: %s, epoch %d, %s%n", jobId, info.state(), info.epoch(),
            Plural.count(info.restarts(), "restart"));
        if (info.failure() != null) {
          out.println("  failure: " + info.failure());
        }
        steps.print(out, info.placement());
        if (cps.isEmpty()) {
          out.println("no completed checkpoints");
        } else {
          TextTable t = new TextTable("checkpoint", "duration_ms", "bytes", "full", "delta",
              "sync_max_ms", "async_max_ms", "alignment_max_ms");
          cps.forEach(m -> t.row(m.checkpointId(), m.durationMs(), m.bytes(), m.fullBytes(),
              m.deltaBytes(), m.syncMsMax(), m.asyncMsMax(), m.alignmentMsMax()));
          t.print(out);
        }
        out.flush();
        return 0;
      }
    }
  }
}
