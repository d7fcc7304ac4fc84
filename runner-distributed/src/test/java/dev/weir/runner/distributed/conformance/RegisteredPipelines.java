package dev.weir.runner.distributed.conformance;

import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineFactory;
import dev.weir.sdk.PipelineOptions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A job factory that returns pipeline objects registered in this JVM, by a token passed as the
 * job's only argument: every in-JVM worker (and the submitter) then plans the very same
 * {@link Pipeline}, so in-memory sources and sinks of the test kit work on the distributed
 * runner.
 */
public final class RegisteredPipelines implements PipelineFactory {
  private static final Map<String, Pipeline> PIPELINES = new ConcurrentHashMap<>();

  /** Registers {@code p}; returns the token to pass as the job's argument. */
  static String register(Pipeline p) {
    String token = UUID.randomUUID().toString();
    PIPELINES.put(token, p);
    return token;
  }

  @Override
  public Pipeline create(PipelineOptions options, List<String> args) {
    Pipeline p = args.isEmpty() ? null : PIPELINES.get(args.get(0));
    if (p == null) {
      throw new IllegalArgumentException("no pipeline registered in this JVM under " + args
          + "; RegisteredPipelines serves only jobs submitted by InJvmRunner in the same JVM");
    }
    return p;
  }
}
