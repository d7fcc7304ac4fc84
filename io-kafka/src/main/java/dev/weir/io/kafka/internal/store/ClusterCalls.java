package dev.weir.io.kafka.internal.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for the result of an asynchronous Kafka client call, as an {@link IOException}. */
final class ClusterCalls {
  private ClusterCalls() {
  }

  /**
   * The result of {@code call}, waiting at most {@code timeout}.
   *
   * @param what what the call does, for messages ("writing a chunk of ...")
   * @throws IOException naming {@code what} if the call failed, timed out or was interrupted
   */
  static <T> T await(Future<T> call, Duration timeout, String what) throws IOException {
    try {
      return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException(what + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException(what + " took longer than " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException("interrupted while " + what);
      io.initCause(e);
      throw io;
    }
  }
}
