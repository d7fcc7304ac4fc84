/** Keyed state declarations ({@code StateSpec}) and handles: value, list and map state (API tier). */
package dev.weir.sdk.state;
