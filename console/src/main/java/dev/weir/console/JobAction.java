package dev.weir.console;

import java.nio.file.Path;
import java.util.Optional;

/** What the console can ask of a job. */
public sealed interface JobAction {

  /** Its name in the API and in messages, e.g. {@code checkpoint}. */
  String name();

  /** Take a checkpoint now. */
  record TriggerCheckpoint() implements JobAction {
    @Override
    public String name() {
      return "checkpoint";
    }
  }

  /**
   * Take a savepoint; the job goes on running.
   *
   * @param directory where to write it; empty for the console's default directory
   */
  record Savepoint(Optional<Path> directory) implements JobAction {
    @Override
    public String name() {
      return "savepoint";
    }
  }

  /**
   * Stop the job with a final checkpoint (and a savepoint, if asked).
   *
   * @param savepoint whether to write the stop checkpoint as a savepoint
   * @param directory where to write the savepoint; empty for the default directory
   */
  record Stop(boolean savepoint, Optional<Path> directory) implements JobAction {
    @Override
    public String name() {
      return "stop";
    }
  }

  /** Cancel the job: its tasks stop at once, without a checkpoint. */
  record Cancel() implements JobAction {
    @Override
    public String name() {
      return "cancel";
    }
  }
}
