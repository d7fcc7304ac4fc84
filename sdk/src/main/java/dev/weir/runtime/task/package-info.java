/**
 * The task side of the runtime: what one task does with the events arriving on its input
 * channels, starting with checkpoint barrier alignment.
 *
 * <p><b>Internal, no compatibility promise.</b> Users never import this package; it may change in
 * any release.
 */
package dev.weir.runtime.task;
