/**
 * Internal, runner-neutral: what a runner decides about a failure (whether a restart can fix
 * it). Used by runners only; no compatibility promise.
 */
package dev.weir.runtime.failure;
