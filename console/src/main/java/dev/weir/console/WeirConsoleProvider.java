package dev.weir.console;

import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.spi.ConsoleProvider;
import dev.weir.sdk.spi.JobConsole;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Registers the console with {@link java.util.ServiceLoader} for runners:
 * {@code LocalRunner.builder().console(port)} starts a {@link WeirConsole} over
 * {@link RegisteredJobs}, and registers each job it runs. Savepoints asked for in the console
 * go to {@code weir-data/savepoints} under the working directory unless the request names a
 * directory.
 */
public final class WeirConsoleProvider implements ConsoleProvider {
  /** Where the console's savepoints go by default. */
  public static final Path DEFAULT_SAVEPOINT_DIRECTORY = Path.of("weir-data", "savepoints");

  /** Called by {@link java.util.ServiceLoader}. */
  public WeirConsoleProvider() {
  }

  @Override
  public JobConsole start(String host, int port) throws IOException {
    RegisteredJobs jobs = new RegisteredJobs(DEFAULT_SAVEPOINT_DIRECTORY, "local");
    WeirConsole console = WeirConsole.start(jobs, host, port);
    return new JobConsole() {
      @Override
      public void register(PipelineResult job) {
        jobs.register(job);
      }

      @Override
      public URI uri() {
        return console.uri();
      }

      @Override
      public void close() {
        console.close();
      }
    };
  }
}
