package dev.weir.io.files.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of a file sink's part files. In-progress files are hidden and carry the writer's
 * identity: {@code .part-<subtask>-<attempt>-<token>-<seq>.inprogress}, where the token is
 * random per writer instance, so no two writers — across attempts, restores and processes —
 * share a name. Finished files are {@code part-<subtask>-<checkpoint>-<n><suffix>}, unique
 * because checkpoint ids only grow (the commit without checkpoints uses {@code end}).
 */
final class PartNames {
  static final String IN_PROGRESS = ".inprogress";
  private static final Pattern IN_PROGRESS_NAME =
      Pattern.compile("\\.part-(\\d+)-(\\d+)-([0-9a-f]+)-(\\d+)\\.inprogress");

  private PartNames() {
  }

  static String writerId(int subtask, int attempt, String token) {
    return subtask + "-" + attempt + "-" + token;
  }

  static String inProgress(String writerId, long seq) {
    return ".part-" + writerId + "-" + seq + IN_PROGRESS;
  }

  static String finished(int subtask, long checkpointId, int n, String suffix) {
    String id = checkpointId == Long.MAX_VALUE ? "end" : Long.toString(checkpointId);
    return "part-" + subtask + "-" + id + "-" + n + suffix;
  }

  /** The writer id of an in-progress name ({@code subtask-attempt-token}), or {@code null}. */
  static String writerOf(String fileName) {
    Matcher m = IN_PROGRESS_NAME.matcher(fileName);
    return m.matches() ? m.group(1) + "-" + m.group(2) + "-" + m.group(3) : null;
  }

  /** The subtask of an in-progress name, or {@code -1}. */
  static int subtaskOf(String fileName) {
    Matcher m = IN_PROGRESS_NAME.matcher(fileName);
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }
}
