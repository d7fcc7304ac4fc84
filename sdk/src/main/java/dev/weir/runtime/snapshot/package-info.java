/**
 * The task side of checkpoints: what operators capture on the task thread (sync part), how
 * it is written to the store off the task thread (async part), what a task acknowledges,
 * and what a restored task reads back. Internal: no compatibility promise.
 */
package dev.weir.runtime.snapshot;
