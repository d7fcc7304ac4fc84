package dev.weir.sdk.spi;

import dev.weir.sdk.PipelineResult;
import java.net.URI;

/**
 * A running web console (see {@link ConsoleProvider}): jobs registered with it are listed,
 * shown and acted on (checkpoint, savepoint, stop, cancel) until it is closed. Its threads
 * never keep the JVM alive.
 */
public interface JobConsole extends AutoCloseable {

  /** Shows {@code job} in the console, from now until the console is closed. */
  void register(PipelineResult job);

  /** The console's address, e.g. {@code http://127.0.0.1:8081/}. */
  URI uri();

  /** Stops serving; registered jobs are not affected. */
  @Override
  void close();
}
