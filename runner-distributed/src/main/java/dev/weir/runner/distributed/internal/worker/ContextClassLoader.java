package dev.weir.runner.distributed.internal.worker;

import java.util.function.Supplier;

/**
 * Runs code with a job's class loader as the thread's context class loader (where libraries
 * such as Kafka's clients and Avro look classes up by name), restoring the previous one after.
 * Threads started inside inherit it.
 */
final class ContextClassLoader {
  private ContextClassLoader() {
  }

  static ClassLoader current() {
    return Thread.currentThread().getContextClassLoader();
  }

  static <T> T call(ClassLoader loader, Supplier<T> body) {
    Thread t = Thread.currentThread();
    ClassLoader before = t.getContextClassLoader();
    t.setContextClassLoader(loader);
    try {
      return body.get();
    } finally {
      t.setContextClassLoader(before);
    }
  }

  static void run(ClassLoader loader, Runnable body) {
    call(loader, () -> {
      body.run();
      return null;
    });
  }
}
