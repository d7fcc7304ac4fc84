/** The writers behind {@link dev.weir.io.kafka.KafkaSink}; not a public API. */
package dev.weir.io.kafka.internal.sink;
