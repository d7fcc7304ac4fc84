package dev.weir.runtime.graph;

import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineProvider;

/** The runtime's pipelines, for {@link Pipeline#create}; registered in META-INF/services. */
public final class RuntimePipelineProvider implements PipelineProvider {

  @Override
  public Pipeline create(PipelineOptions options) {
    return new PipelineImpl(options);
  }
}
