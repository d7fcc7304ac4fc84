/**
 * Test utilities shipped in the main jar: a real single-node Kafka broker in the JVM
 * ({@link dev.weir.io.kafka.testing.EmbeddedKafkaBroker}) and a JUnit 5 extension that shares
 * one per test class ({@link dev.weir.io.kafka.testing.EmbeddedKafkaExtension}).
 */
package dev.weir.io.kafka.testing;
