/** Implementation details of the Kafka integration; not an API. */
package dev.weir.io.kafka.internal;
