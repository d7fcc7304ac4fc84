package dev.weir.cli;

import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.spi.Savepoint;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weir savepoints}: list and delete savepoints (directories that
 * {@code PipelineResult.savepoint} and {@code stopWithSavepoint} write).
 *
 * <pre>{@code
 * weir savepoints list savepoints/
 * weir savepoints delete savepoints/savepoint-orders-17
 * }</pre>
 */
@Command(name = "savepoints", mixinStandardHelpOptions = true,
    description = "List and delete savepoints (self-contained, relocatable checkpoint copies).",
    subcommands = {SavepointsCommand.List.class, SavepointsCommand.Delete.class})
public final class SavepointsCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code weir savepoints list DIR}: one row per savepoint directly under DIR. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the savepoints directly under a directory, per job, oldest first.")
  static final class List implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The directory savepoints were "
        + "written to (the one given to savepoint/stopWithSavepoint).")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      java.io.PrintWriter out = spec.commandLine().getOut();
      java.util.List<Savepoint> all = Savepoint.list(dir);
      if (all.isEmpty()) {
        out.println("no savepoints under " + dir);
        out.flush();
        return 0;
      }
      TextTable table = new TextTable("JOB", "CHECKPOINT", "TIME", "BYTES", "STEPS", "DIRECTORY");
      for (Savepoint s : all) {
        CheckpointManifest m = s.manifest();
        table.row(m.jobId(), m.checkpointId(), Instant.ofEpochMilli(m.timestampMillis()),
            s.totalBytes(), m.steps().size(), s.directory());
      }
      table.print(out);
      out.flush();
      return 0;
    }
  }

  /** {@code weir savepoints delete PATH}: deletes one savepoint directory. */
  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete a savepoint directory (refuses a directory that is not a savepoint).")
  static final class Delete implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PATH", description = "A savepoint directory, "
        + "as 'weir savepoints list' shows it.")
    Path path;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Savepoint s = Savepoint.open(path); // refuses anything that is not a savepoint
      s.delete();
      spec.commandLine().getOut().println("deleted " + s);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
