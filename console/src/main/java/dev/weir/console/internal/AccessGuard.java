package dev.weir.console.internal;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may act on jobs. Reading is open to whoever reaches the address; actions (POST) need
 * the console's token when it is bound to an address other than loopback, and never come from
 * a page of another origin (a browser's {@code Origin} header must name this console), so a
 * web page elsewhere cannot make a browser act on a local console.
 */
public final class AccessGuard {
  /** The header that carries the token; {@code Authorization: Bearer <token>} works too. */
  public static final String TOKEN_HEADER = "X-Weir-Token";

  private final Optional<String> token;

  /** @param token the token actions need, or empty when none is needed (loopback) */
  public AccessGuard(Optional<String> token) {
    this.token = token;
  }

  /** Checks an action request; throws a 403 {@link HttpError} when it may not act. */
  public void checkAction(HttpExchange exchange) {
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (origin != null && !origin.equals("http://" + host)) {
      throw new HttpError(403, "actions are refused from another origin (" + origin + ")");
    }
    if (token.isEmpty()) {
      return;
    }
    String given = exchange.getRequestHeaders().getFirst(TOKEN_HEADER);
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (given == null && auth != null && auth.startsWith("Bearer ")) {
      given = auth.substring("Bearer ".length()).trim();
    }
    if (given == null) {
      throw new HttpError(403, "this console is bound to a public address: actions need the "
          + "token it printed at start, in the header " + TOKEN_HEADER);
    }
    if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
        token.get().getBytes(StandardCharsets.UTF_8))) {
      throw new HttpError(403, "the token in " + TOKEN_HEADER + " is not this console's");
    }
  }
}
