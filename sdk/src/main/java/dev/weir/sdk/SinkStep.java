package dev.weir.sdk;

/** The step that writes a stream to a sink; returned by {@link PStream#write}. */
public interface SinkStep {
  /** The step's name. */
  String name();

  /** Sets this step's parallelism; returns {@code this}. */
  SinkStep withParallelism(int parallelism);
}
