package dev.weir.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made runs (JSON lines as the report reads them) for the report's tests. */
final class Runs {

  private Runs() {
  }

  /** A run from name/value pairs. */
  static Map<String, Object> run(Object... nameValue) {
    Map<String, Object> r = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      r.put((String) nameValue[i], nameValue[i + 1]);
    }
    return r;
  }

  static Map<String, Object> plainJava(double recordsPerSec) {
    return run("workload", "plain-java", "n", 20_000_000L, "k", 100_000L, "p", 1L,
        "recordsPerSec", recordsPerSec, "verified", true);
  }

  /** keyed-count, N=20M, K=100k, P=2, with {@code store} every {@code intervalMs}. */
  static Map<String, Object> keyedCount(String store, long intervalMs, double recordsPerSec,
      long checkpointMsMedian, long checkpointMsMax, boolean verified) {
    return run("workload", "keyed-count", "n", 20_000_000L, "k", 100_000L, "p", 2L,
        "checkpointIntervalMs", intervalMs, "store", store, "recordsPerSec", recordsPerSec,
        "checkpoints", 8L, "checkpointMsMedian", checkpointMsMedian,
        "checkpointMsMax", checkpointMsMax, "alignmentMsMax", 3L, "lastCheckpointBytes", 1_258_291L,
        "verified", verified, "checkpointDurationsMs", List.of(checkpointMsMax, checkpointMsMedian));
  }

  static Map<String, Object> recovery(long restoredCheckpointId, long recoveryMs) {
    return run("workload", "keyed-count-recovery", "n", 20_000_000L, "k", 100_000L, "p", 2L,
        "checkpointIntervalMs", 1000L, "store", "chronicle", "recordsPerSec", 2_000_000.0,
        "restoredCheckpointId", restoredCheckpointId, "recoveryMs", recoveryMs, "verified", true);
  }

  /**
   * Three rounds of plain-java, keyed-count with checkpoints off and with 1 s Chronicle
   * checkpoints, and keyed-count-recovery (one run failed before the first checkpoint).
   * Medians: plain-java 6M, off 4.4M, Chronicle 4.2M with checkpoints of 45 ms (median) and
   * 240 ms (max; worst run 300 ms), recovery 100 ms.
   */
  static List<Map<String, Object>> threeRounds() {
    return List.of(
        plainJava(6_000_000.0), keyedCount("none", 0, 4_400_000.0, 0, 0, true),
        keyedCount("chronicle", 1000, 4_500_000.0, 40, 200, true), recovery(7, 90),
        plainJava(5_000_000.0), keyedCount("none", 0, 4_300_000.0, 0, 0, true),
        keyedCount("chronicle", 1000, 4_200_000.0, 60, 300, true), recovery(-1, 5),
        plainJava(6_500_000.0), keyedCount("none", 0, 4_500_000.0, 0, 0, true),
        keyedCount("chronicle", 1000, 4_000_000.0, 45, 240, false), recovery(9, 110));
  }
}
