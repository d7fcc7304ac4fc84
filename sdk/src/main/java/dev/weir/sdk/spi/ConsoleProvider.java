package dev.weir.sdk.spi;

import java.io.IOException;

/**
 * Starts a web console that shows jobs of this JVM: how a runner offers a console without
 * depending on its implementation. The module {@code weir-console} registers one for
 * {@link java.util.ServiceLoader}; {@code LocalRunner.builder().console(port)} finds it there
 * and fails with a clear message when it is not on the class path.
 */
public interface ConsoleProvider {

  /**
   * Starts a console listening on {@code host:port} (port 0 picks a free port).
   *
   * @throws IOException if the address cannot be bound (e.g. the port is in use)
   */
  JobConsole start(String host, int port) throws IOException;
}
