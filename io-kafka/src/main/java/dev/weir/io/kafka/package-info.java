/**
 * Kafka integration (API tier). Built so far: the Kafka source
 * ({@link dev.weir.io.kafka.KafkaSource}, with {@link dev.weir.io.kafka.KafkaCoders} for plain
 * Kafka data), the transactional Kafka sink ({@link dev.weir.io.kafka.KafkaSink}) and the
 * Kafka checkpoint store ({@link dev.weir.io.kafka.KafkaCheckpointStore}); the embedded broker
 * for tests and demos is in {@code dev.weir.io.kafka.testing}, in the artifact
 * {@code dev.weir:weir-kafka-testing}.
 */
package dev.weir.io.kafka;
