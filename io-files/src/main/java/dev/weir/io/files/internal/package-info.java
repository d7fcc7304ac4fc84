/**
 * The Chronicle Queue checkpoint store's journal: document layout, index and retention.
 *
 * <p><b>Tier: internal</b> — never use directly; no compatibility promise. Use
 * {@link dev.weir.io.files.ChronicleQueueCheckpointStore}.
 */
package dev.weir.io.files.internal;
