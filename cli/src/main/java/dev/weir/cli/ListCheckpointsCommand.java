package dev.weir.cli;

import dev.weir.sdk.checkpoint.CheckpointManifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weir checkpoints list}: one row per retained checkpoint of each job.
 *
 * <p>Byte columns: {@code total} is every blob a restore reads; {@code delta} the keyed
 * deltas among them; {@code full} the rest (full keyed snapshots and operator state), so
 * total = full + delta. A checkpoint is {@code incremental} if any keyed range has deltas.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"List the retained complete checkpoints of each job in a checkpoint store.",
        "Bytes: total = full + delta; full counts full keyed snapshots and operator state, "
            + "delta the keyed deltas. Kind is incremental if any keyed range has deltas."})
final class ListCheckpointsCommand extends StoreCommand {

  @Option(names = "--json", description = "Print one JSON object per checkpoint and line.")
  boolean json;

  @Override
  int run(OfflineStore store, PrintWriter out) throws IOException {
    List<String> jobs = store.jobs(job);
    if (jobs.isEmpty()) {
      if (!json) {
        out.println("checkpoint store " + store.directory() + " holds no jobs");
      }
      return 0;
    }
    TextTable table = new TextTable("JOB", "ID", "TIME", "COMPLETE", "TOTAL_BYTES",
        "FULL_BYTES", "DELTA_BYTES", "KIND", "SAVEPOINT", "STEPS");
    List<String> withoutCheckpoints = new ArrayList<>();
    for (String jobId : jobs) {
      List<CheckpointManifest> checkpoints = store.store().listCheckpoints(jobId);
      if (checkpoints.isEmpty()) {
        withoutCheckpoints.add(jobId);
      }
      for (CheckpointManifest m : checkpoints) {
        if (json) {
          out.println(toJson(m));
        } else {
          table.row(jobId, m.checkpointId(), time(m), "yes", m.totalBytes(), fullBytes(m),
              m.deltaBytes(), kind(m), m.savepoint() ? "yes" : "no", m.steps().size());
        }
      }
    }
    if (!json) {
      if (!table.isEmpty()) {
        table.print(out);
      }
      for (String jobId : withoutCheckpoints) {
        out.println("job '" + jobId + "': no retained checkpoints");
      }
    }
    return 0;
  }

  /** Bytes of the blobs that are not keyed deltas: full keyed snapshots and operator state. */
  static long fullBytes(CheckpointManifest m) {
    return m.totalBytes() - m.deltaBytes();
  }

  /** {@code incremental} if any keyed range of any step has deltas, else {@code full}. */
  static String kind(CheckpointManifest m) {
    boolean incremental = m.steps().stream()
        .flatMap(s -> s.keyed().stream())
        .anyMatch(range -> !range.deltas().isEmpty());
    return incremental ? "incremental" : "full";
  }

  private static String time(CheckpointManifest m) {
    return Instant.ofEpochMilli(m.timestampMillis()).toString();
  }

  private static String toJson(CheckpointManifest m) {
    // Listed checkpoints are complete by definition: the store lists only committed manifests.
    return "{\"job\":" + Json.string(m.jobId())
        + ",\"id\":" + m.checkpointId()
        + ",\"time\":" + Json.string(time(m))
        + ",\"timestampMillis\":" + m.timestampMillis()
        + ",\"complete\":true"
        + ",\"totalBytes\":" + m.totalBytes()
        + ",\"fullBytes\":" + fullBytes(m)
        + ",\"deltaBytes\":" + m.deltaBytes()
        + ",\"kind\":" + Json.string(kind(m))
        + ",\"savepoint\":" + m.savepoint()
        + ",\"steps\":" + m.steps().size() + "}";
  }
}
