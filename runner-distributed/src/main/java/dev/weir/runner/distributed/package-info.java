/**
 * The distributed runner: {@link dev.weir.runner.distributed.Worker} processes coordinated
 * through a Kafka cluster run jobs that {@link dev.weir.runner.distributed.DistributedRunner}
 * submits. See docs/distributed.md.
 */
package dev.weir.runner.distributed;
