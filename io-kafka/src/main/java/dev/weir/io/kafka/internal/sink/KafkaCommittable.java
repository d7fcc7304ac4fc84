package dev.weir.io.kafka.internal.sink;

import java.util.List;

/**
 * The records of one sink subtask between two checkpoints, stored in the checkpoint until
 * they are committed to Kafka in one transaction.
 *
 * @param transactionalId the transactional id that commits them
 * @param writerId the id of the writer instance that prepared them; a commit marker names it
 * @param checkpointId the checkpoint they belong to
 * @param records the records, in the order written
 * @param topic the topic they are for; {@code null} in checkpoints written before the field
 *     existed (then the restoring sink's topic). A job restored from another job's checkpoint
 *     or savepoint whose sink writes elsewhere commits the pending records where they belong.
 */
public record KafkaCommittable(String transactionalId, String writerId, long checkpointId,
    List<StagedRecord> records, String topic) {

  /** The committable's topic, or {@code sinkTopic} if it names none. */
  public String topicOr(String sinkTopic) {
    return topic == null ? sinkTopic : topic;
  }
}
