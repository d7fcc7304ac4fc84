/** User functions: map, flatMap, filter, key, process (keyed and unkeyed), reduce, aggregate (API tier). */
package dev.weir.sdk.fn;
