/**
 * Internal: the distributed runner's worker, membership, coordinator and transport. No
 * compatibility promise; use {@link dev.weir.runner.distributed} instead.
 */
package dev.weir.runner.distributed.internal;
