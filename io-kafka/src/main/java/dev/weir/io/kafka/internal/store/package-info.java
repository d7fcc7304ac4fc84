/**
 * The Kafka checkpoint store's parts: the manifest log and its index, the trim policy, the
 * chunked blob writer and reader, the state topic's offsets and the topic provisioner.
 *
 * <p><b>Tier: internal</b> — never use directly; no compatibility promise. Use
 * {@link dev.weir.io.kafka.KafkaCheckpointStore}.
 */
package dev.weir.io.kafka.internal.store;
