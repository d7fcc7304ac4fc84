/**
 * The file sources' and file sink's readers, writers and part-file naming.
 *
 * <p><b>Tier: internal</b> — never use directly; no compatibility promise. Use
 * {@link dev.weir.io.files.FileSource}, {@link dev.weir.io.files.AvroFileSource} and
 * {@link dev.weir.io.files.FileSink}.
 */
package dev.weir.io.files.internal;
