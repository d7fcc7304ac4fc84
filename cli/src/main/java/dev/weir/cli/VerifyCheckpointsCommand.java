package dev.weir.cli;

import dev.weir.store.chronicle.CorruptQueueFileException;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;

/**
 * {@code weir checkpoints verify}: reads every blob of every retained checkpoint and checks
 * its length and CRC32C checksum against the manifest ({@code CheckpointStore.verify}).
 *
 * <p>A blob shared by several checkpoints (a delta chain) is read once. A missing blob counts
 * as corrupt too: the checkpoint cannot be restored either way.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Check the length and CRC32C checksum of every blob of every retained "
        + "checkpoint; print OK or CORRUPT (with the reason) per checkpoint, and CORRUPT for a "
        + "job whose directory holds a .cq4 file that is not a queue file.",
        "Exit code 0 if all verify, 3 if any is corrupt."})
final class VerifyCheckpointsCommand extends StoreCommand {

  /** Exit code when a checkpoint failed verification. */
  static final int CORRUPT = 3;

  @Override
  int run(OfflineStore store, PrintWriter out) throws IOException {
    List<String> jobs = store.jobs(job);
    Map<StateHandle, Optional<String>> checked = new HashMap<>();
    int ok = 0;
    int corrupt = 0;
    int unreadableJobs = 0;
    for (String jobId : jobs) {
      List<CheckpointManifest> checkpoints;
      try {
        checkpoints = store.store().listCheckpoints(jobId);
      } catch (CorruptQueueFileException e) {
        // The job's journal cannot be opened: none of its checkpoints can be restored.
        unreadableJobs++;
        out.println("job '" + jobId + "': CORRUPT: " + e.file() + " is not a Chronicle Queue file ("
            + e.reason() + "); " + CorruptQueueFileException.remedy(e.file()));
        continue;
      }
      if (checkpoints.isEmpty()) {
        out.println("job '" + jobId + "': no retained checkpoints");
      }
      for (CheckpointManifest m : checkpoints) {
        Set<StateHandle> handles = m.referencedHandles();
        List<String> problems = new ArrayList<>();
        for (StateHandle h : handles) {
          checked.computeIfAbsent(h, handle -> check(store, handle)).ifPresent(problems::add);
        }
        if (problems.isEmpty()) {
          ok++;
          out.println(m.describe() + ": OK (" + handles.size() + " blobs, " + m.totalBytes()
              + " bytes)");
        } else {
          corrupt++;
          out.println(m.describe() + ": CORRUPT (" + problems.size() + " of " + handles.size()
              + " blobs): " + problems.get(0));
          problems.stream().skip(1).forEach(p -> out.println("  also: " + p));
        }
      }
    }
    out.println("verified " + Plural.count(ok + corrupt, "checkpoint") + " of "
        + Plural.count(jobs.size(), "job") + ": " + ok + " OK, " + corrupt + " CORRUPT"
        + (unreadableJobs == 0 ? "" : ", " + Plural.count(unreadableJobs, "job") + " unreadable"));
    return corrupt == 0 && unreadableJobs == 0 ? 0 : CORRUPT;
  }

  /** Empty if the blob verifies, else why not. */
  private static Optional<String> check(OfflineStore store, StateHandle handle) {
    try {
      store.store().verify(handle);
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(e.getMessage());
    }
  }
}
