package dev.weir.runner.distributed.internal.coordinator;

import dev.weir.runner.distributed.internal.protocol.ProtocolCodec;
import dev.weir.runner.distributed.internal.protocol.TaskReport;
import dev.weir.runner.distributed.internal.worker.TopicTail;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * What a new epoch's coordinator reads of the job's past before it starts the epoch: the
 * failure that ended the previous epoch (its first {@code FAILED} report, which the failing
 * worker wrote before it asked for the rollback) and whether the job's cancellation was
 * requested (the jobs topic), so a rebalance caused by a worker leaving a cancelled job ends
 * the job instead of restarting it.
 */
final class JobHistory {
  private JobHistory() {
  }

  /** The error of the first {@code FAILED} report of {@code epoch} in the reports topic. */
  static Optional<String> firstFailure(Map<String, Object> kafka, String reportsTopic,
      long epoch) {
    String[] first = new String[1];
    TopicTail.scan(kafka, reportsTopic, "weir-history-scan", r -> {
      if (first[0] == null && r.value() != null) {
        TaskReport report = ProtocolCodec.decodeTaskReport(r.value());
        if (report.epoch() == epoch && report instanceof TaskReport.Failed f) {
          first[0] = f.error();
        }
      }
    });
    return Optional.ofNullable(first[0]);
  }

  /** Whether the latest definition of {@code jobId} in the jobs topic asks to cancel it. */
  static boolean cancelRequested(Map<String, Object> kafka, String jobsTopic, String jobId) {
    byte[] key = jobId.getBytes(StandardCharsets.UTF_8);
    boolean[] cancel = new boolean[1];
    TopicTail.scan(kafka, jobsTopic, "weir-history-scan", r -> {
      if (r.key() != null && java.util.Arrays.equals(r.key(), key)) {
        cancel[0] = r.value() != null
            && ProtocolCodec.decodeJobDefinition(r.value()).cancelRequested();
      }
    });
    return cancel[0];
  }

}
