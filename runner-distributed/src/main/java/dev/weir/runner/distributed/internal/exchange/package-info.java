/**
 * Internal: the Kafka transport of exchanges between subtasks of the distributed runner (see
 * docs/distributed.md): the frame codec, the output channels and input gate over exchange
 * topic partitions, and the creation, end offsets and trimming of the exchange topics. No
 * compatibility promise.
 */
package dev.weir.runner.distributed.internal.exchange;
