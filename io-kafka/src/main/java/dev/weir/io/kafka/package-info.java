/**
 * Kafka sources, the transactional Kafka sink and the Kafka checkpoint store (API tier).
 *
 * <p>Not built yet; see the project's issues for the planned contents.
 */
package dev.weir.io.kafka;
