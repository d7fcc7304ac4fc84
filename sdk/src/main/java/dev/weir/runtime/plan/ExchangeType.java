package dev.weir.runtime.plan;

/** How records cross from one chain to the next. */
public enum ExchangeType {
  /** Subtask i sends to subtask i (same parallelism, but not fused, e.g. into a union). */
  FORWARD,
  /** Round robin over all downstream subtasks (parallelism changes). */
  REBALANCE,
  /** By key group of the record's key ({@code keyBy}). */
  HASH
}
