package dev.weir.runtime.plan;

import dev.weir.runtime.graph.LogicalNode;

/**
 * The records of one step flowing to the head of another chain.
 *
 * @param id the exchange's index in the plan
 * @param from the producing step
 * @param fromChain its chain
 * @param toChain the consuming chain; its head is the consumer
 * @param type how records are routed
 * @param keyBy the keyBy step for {@link ExchangeType#HASH}, else {@code null}
 */
public record Exchange(int id, LogicalNode from, Chain fromChain, Chain toChain, ExchangeType type,
    LogicalNode keyBy) {

  /** A label for explain(). */
  public String label() {
    return type == ExchangeType.HASH ? "HASH(" + keyBy.name() + ")" : type.name();
  }
}
