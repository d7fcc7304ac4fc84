/**
 * The distributed runner: worker processes coordinated through Kafka (API tier).
 *
 * <p>Not built yet; this module holds its place in the reactor so the build and the
 * dependency direction (sdk, io-kafka, then runners) are fixed from the start.
 */
package dev.weir.runner.distributed;
