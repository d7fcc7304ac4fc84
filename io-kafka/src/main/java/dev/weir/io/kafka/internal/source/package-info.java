/** Implementation of {@link dev.weir.io.kafka.KafkaSource}; not an API. */
package dev.weir.io.kafka.internal.source;
