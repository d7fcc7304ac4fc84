package dev.weir.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.avro.AvroRuntimeException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The common part of the {@code weir checkpoints} subcommands: the store directory argument,
 * the {@code --job} option, opening and closing the store, and turning failures into one-line
 * messages and exit codes.
 *
 * <p>Exit codes: 0 success; 1 the stored data could not be read (I/O error, corrupt blob);
 * 2 something named on the command line does not exist, or the store is in use (an
 * {@link InspectionException}); subcommands may add their own (verify: 3). A stack trace is
 * printed only when the environment variable {@code WEIR_DEBUG} is set.
 */
abstract class StoreCommand implements Callable<Integer> {

  /** Exit code for data that could not be read. */
  static final int READ_FAILED = 1;

  /** Exit code for a missing directory, job, checkpoint, step or kind, or a store in use. */
  static final int NOT_FOUND = 2;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "STORE_DIR",
      description = "Directory of the Chronicle Queue checkpoint store.")
  Path storeDir;

  @Option(names = "--job", paramLabel = "NAME", description = "The job. list and verify "
      + "default to every job of the store, show and export to its only job.")
  String job;

  /** Runs the command on the opened store and returns the exit code. */
  abstract int run(OfflineStore store, PrintWriter out) throws IOException;

  /** slf4j-simple's level key for Chronicle Queue's loggers. */
  private static final String CHRONICLE_LOG_LEVEL = "org.slf4j.simpleLogger.log.net.openhft";

  @Override
  public final Integer call() {
    // Chronicle logs file mappings and disk checks at info level: noise for a one-shot tool.
    // Set before its loggers exist, unless the user chose a level for it.
    if (System.getProperty(CHRONICLE_LOG_LEVEL) == null) {
      System.setProperty(CHRONICLE_LOG_LEVEL, "warn");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (OfflineStore store = OfflineStore.open(storeDir)) {
      return run(store, out);
    } catch (InspectionException e) {
      return fail(err, e, NOT_FOUND);
    } catch (IOException | AvroRuntimeException e) {
      return fail(err, e, READ_FAILED);
    } finally {
      out.flush();
    }
  }

  private int fail(PrintWriter err, Exception e, int code) {
    err.println("weir checkpoints " + spec.name() + ": " + e.getMessage());
    if (System.getenv("WEIR_DEBUG") != null) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }
}
