/**
 * Runtime internals (state). Internal: no compatibility promise; users import
 * {@code dev.weir.sdk} only.
 */
package dev.weir.runtime.state;
