package dev.weir.runner.distributed.internal.exchange;

import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.runtime.plan.Chain;
import dev.weir.runtime.plan.Exchange;
import dev.weir.runtime.plan.ExchangeType;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.runtime.task.OutputChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;

/**
 * The channels of one subtask as exchange topic partitions, in the order {@code Task} expects:
 * per leaving exchange one output channel per downstream subtask (one for a forward exchange),
 * and the input channels in the order of the chain's input exchanges, then upstream subtasks
 * (as the local runner numbers them).
 */
public final class ExchangeWiring {
  private ExchangeWiring() {
  }

  /**
   * The output channels of subtask {@code subtask} of {@code chain}, writing at {@code epoch}
   * through {@code producer}; the channels of one exchange share one {@link ExchangeFrames}, so
   * they belong to one task's thread.
   */
  public static Map<Exchange, OutputChannel[]> outputs(Producer<byte[], byte[]> producer,
      ClusterTopics topics, String jobId, PhysicalPlan plan, Chain chain, int subtask,
      long epoch) {
    return outputs(producer, topics, jobId, plan, chain, subtask, epoch, null, Map.of());
  }

  /**
   * As {@link #outputs(Producer, ClusterTopics, String, PhysicalPlan, Chain, int, long)}, each
   * channel bounded by {@code guard} against its reader (who commits under
   * {@link ClusterTopics#exchangeReaders}); {@code guard} null means unbounded.
   *
   * @param startOffsets the epoch's start offset of every exchange partition
   * @throws IllegalArgumentException if a guarded channel's partition has no start offset
   */
  public static Map<Exchange, OutputChannel[]> outputs(Producer<byte[], byte[]> producer,
      ClusterTopics topics, String jobId, PhysicalPlan plan, Chain chain, int subtask,
      long epoch, LagGuard guard, Map<TopicPartition, Long> startOffsets) {
    Map<Exchange, OutputChannel[]> outputs = new HashMap<>();
    for (Exchange e : plan.exchanges()) {
      if (e.fromChain() != chain) {
        continue;
      }
      ExchangeFrames frames = new ExchangeFrames(e, plan.maxParallelism());
      String topic = topics.exchange(jobId, e);
      OutputChannel[] targets;
      if (e.type() == ExchangeType.FORWARD) {
        int p = ClusterTopics.exchangePartition(e, subtask, subtask);
        targets = new OutputChannel[] {new KafkaOutputChannel(producer, topic, p, epoch, frames,
            lane(guard, topics, jobId, topic, p, epoch, startOffsets))};
      } else {
        targets = new OutputChannel[e.toChain().parallelism()];
        for (int d = 0; d < targets.length; d++) {
          int p = ClusterTopics.exchangePartition(e, subtask, d);
          targets[d] = new KafkaOutputChannel(producer, topic, p, epoch, frames,
              lane(guard, topics, jobId, topic, p, epoch, startOffsets));
        }
      }
      outputs.put(e, targets);
    }
    return outputs;
  }

  private static LagGuard.Lane lane(LagGuard guard, ClusterTopics topics, String jobId,
      String topic, int partition, long epoch, Map<TopicPartition, Long> startOffsets) {
    if (guard == null) {
      return null;
    }
    TopicPartition tp = new TopicPartition(topic, partition);
    Long start = startOffsets.get(tp);
    if (start == null) {
      throw new IllegalArgumentException("no start offset for exchange partition " + tp
          + "; the epoch's start offsets must cover every exchange partition");
    }
    return guard.lane(topics.exchangeReaders(jobId), tp, epoch, start);
  }

  /**
   * The input channels of subtask {@code subtask} of {@code chain}, each starting at its
   * partition's offset in {@code startOffsets}; empty for a source chain.
   *
   * @throws IllegalArgumentException if {@code startOffsets} lacks a partition, naming it
   */
  public static List<KafkaInputGate.Channel> inputs(ClusterTopics topics, String jobId,
      PhysicalPlan plan, Chain chain, int subtask, Map<TopicPartition, Long> startOffsets) {
    List<KafkaInputGate.Channel> channels = new ArrayList<>();
    for (Exchange e : plan.inputsOf(chain)) {
      String topic = topics.exchange(jobId, e);
      for (int u = 0; u < e.fromChain().parallelism(); u++) {
        if (e.type() == ExchangeType.FORWARD && u != subtask) {
          continue;
        }
        TopicPartition tp = new TopicPartition(topic, ClusterTopics.exchangePartition(e, u, subtask));
        Long start = startOffsets.get(tp);
        if (start == null) {
          throw new IllegalArgumentException("no start offset for exchange partition " + tp
              + " (exchange " + e.label() + " into step '" + chain.name() + "', subtask "
              + (subtask + 1) + "); the epoch's start offsets must cover every exchange partition");
        }
        channels.add(new KafkaInputGate.Channel(tp, start, e));
      }
    }
    return channels;
  }
}
