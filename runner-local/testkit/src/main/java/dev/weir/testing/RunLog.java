package dev.weir.testing;

import dev.weir.sdk.Pipeline;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Which pipelines the test kit has started, so that {@link WeirExtension} can tell a pipeline
 * that was built and never run. Weak keys: a pipeline the test dropped is forgotten.
 * Pipelines compare by identity.
 */
final class RunLog {
  private static final Map<Pipeline, Boolean> STARTED = Collections.synchronizedMap(new WeakHashMap<>());

  private RunLog() {
  }

  static void ran(Pipeline pipeline) {
    STARTED.put(pipeline, Boolean.TRUE);
  }

  static boolean wasRun(Pipeline pipeline) {
    return STARTED.containsKey(pipeline);
  }
}
