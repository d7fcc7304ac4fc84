package dev.weir.sdk;

/**
 * Makes the pipelines that {@link Pipeline#create} returns: the one bootstrap from the API to
 * its implementation, found once with {@link java.util.ServiceLoader}. The SDK's runtime
 * registers the implementation in {@code META-INF/services}; pipeline authors never implement
 * it, and the API never names the runtime.
 */
public interface PipelineProvider {

  /** A new, empty pipeline with {@code options}. */
  Pipeline create(PipelineOptions options);
}
