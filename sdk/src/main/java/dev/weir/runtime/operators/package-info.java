/**
 * Runtime internals (operators). Internal: no compatibility promise; users import
 * {@code dev.weir.sdk} only.
 */
package dev.weir.runtime.operators;
