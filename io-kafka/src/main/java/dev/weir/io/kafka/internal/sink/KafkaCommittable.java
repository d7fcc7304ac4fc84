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
 */
public record KafkaCommittable(String transactionalId, String writerId, long checkpointId,
    List<StagedRecord> records) {
}
