package dev.weir.console.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves the console's pages from the jar ({@code dev/weir/console/web/}): only the files
 * listed here, so no path of the request reaches the class path.
 */
public final class StaticHandler implements HttpHandler {
  private static final String ROOT = "/dev/weir/console/web/";
  private static final Map<String, String> FILES = Map.of(
      "index.html", "text/html; charset=utf-8",
      "console.js", "text/javascript; charset=utf-8",
      "console.css", "text/css; charset=utf-8");

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String name = path.equals("/") ? "index.html" : path.substring(1);
      String type = FILES.get(name);
      byte[] body;
      int status = 200;
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        status = 405;
        type = "text/plain; charset=utf-8";
        body = "the pages are read with GET\n".getBytes(StandardCharsets.UTF_8);
      } else if (type == null) {
        status = 404;
        type = "text/plain; charset=utf-8";
        body = ("no page " + path + "; the console is at /\n").getBytes(StandardCharsets.UTF_8);
      } else {
        try (InputStream in = StaticHandler.class.getResourceAsStream(ROOT + name)) {
          if (in == null) {
            throw new IOException("the console's jar lacks " + ROOT + name);
          }
          body = in.readAllBytes();
        }
      }
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      exchange.getResponseHeaders().set("Content-Security-Policy",
          "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(status, head ? -1 : body.length);
      if (!head) {
        exchange.getResponseBody().write(body);
      }
    }
  }
}
