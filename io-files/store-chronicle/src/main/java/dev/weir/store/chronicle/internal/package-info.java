/**
 * The Chronicle Queue checkpoint store's journal: document layout, index, scanning, file
 * checks and retention.
 *
 * <p><b>Tier: internal</b> — never use directly; no compatibility promise. Use
 * {@link dev.weir.store.chronicle.ChronicleQueueCheckpointStore}.
 */
package dev.weir.store.chronicle.internal;
