/**
 * Kafka integration (API tier). Built so far: the Kafka checkpoint store
 * ({@link dev.weir.io.kafka.KafkaCheckpointStore}); the embedded broker for tests and demos is in
 * {@code dev.weir.io.kafka.testing}. The Kafka source and the transactional Kafka sink are
 * planned (see the project's Kafka issue).
 */
package dev.weir.io.kafka;
