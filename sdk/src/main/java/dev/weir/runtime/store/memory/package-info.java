/**
 * The in-memory checkpoint store, for tests.
 *
 * <p><b>Tier: internal</b> — never use directly; create the store with
 * {@link dev.weir.sdk.checkpoint.CheckpointStores#inMemory()}.
 */
package dev.weir.runtime.store.memory;
