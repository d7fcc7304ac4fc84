/**
 * The built-in coders behind {@link dev.weir.sdk.types.Types}, and {@link
 * dev.weir.sdk.types.coders.AbstractCoder}, the base class for coders of your own.
 *
 * <p><b>Tier: API.</b> The byte format each coder writes is part of the checkpoint format and of
 * the compatibility promise: a value written by one release is read by the next. Most code uses
 * the coders through {@link dev.weir.sdk.types.Types}; the classes are public so that coders of
 * your own can extend {@link dev.weir.sdk.types.coders.AbstractCoder} and compose the built-in
 * ones.
 */
package dev.weir.sdk.types.coders;
