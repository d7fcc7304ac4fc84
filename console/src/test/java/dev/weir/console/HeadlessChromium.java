package dev.weir.console;

import dev.weir.console.internal.JsonReader;
import dev.weir.console.internal.JsonWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Debian's headless Chromium driven through the Chrome DevTools Protocol over the JDK's
 * WebSocket client: one page, navigated, read with JavaScript expressions, clicked and
 * photographed. No WebDriver: nothing to match with the browser's version, no dependency.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");

  private final Process process;
  private final WebSocket socket;
  private final Map<Long, CompletableFuture<Map<String, Object>>> calls = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  /**
   * The Chromium binary, if this machine has one. {@code WEIR_CHROMIUM} names another; when it
   * names no executable there is none (so the skip can be tried on a machine with Chromium).
   */
  static Optional<Path> binary() {
    String env = System.getenv("WEIR_CHROMIUM");
    if (env != null && !env.isBlank()) {
      return Files.isExecutable(Path.of(env)) ? Optional.of(Path.of(env)) : Optional.empty();
    }
    return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  /** Why {@link #binary()} found none, and what to do. */
  static String whyMissing() {
    String env = System.getenv("WEIR_CHROMIUM");
    String where = env != null && !env.isBlank() ? "WEIR_CHROMIUM=" + env + " is not an executable"
        : "no Chromium at " + String.join(" or ", CANDIDATES);
    return where + "; install Debian's 'chromium' package (apt-get install -y chromium, as .ci/run "
        + "does) or set WEIR_CHROMIUM to a Chromium binary";
  }

  HeadlessChromium(Path binary, Path profile, int width, int height) throws Exception {
    Path log = profile.resolveSibling("chromium.log");
    process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        "--user-data-dir=" + profile, "--remote-debugging-port=0",
        "--window-size=" + width + "," + height, "about:blank")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    // Chromium writes its port into the profile once DevTools listens.
    Path portFile = profile.resolve("DevToolsActivePort");
    String port = Await.until("Chromium's DevTools port (log: " + log + ")", Duration.ofSeconds(30), () -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("Chromium ended: " + Files.readString(log));
      }
      List<String> lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
      return lines.size() >= 2 ? lines.get(0).trim() : null;
    });
    HttpClient http = HttpClient.newHttpClient();
    String targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list = (List<Map<String, Object>>) JsonReader.parse(targets);
    String ws = list.stream().filter(t -> "page".equals(t.get("type")))
        .map(t -> (String) t.get("webSocketDebuggerUrl")).findFirst()
        .orElseThrow(() -> new IllegalStateException("Chromium has no page: " + targets));
    socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), new Listener()).get(30, TimeUnit.SECONDS);
    call("Page.enable", Map.of());
  }

  /** Assembles text frames into messages and completes the call each answers. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          @SuppressWarnings("unchecked")
          Map<String, Object> m = (Map<String, Object>) JsonReader.parse(text);
          Object id = m.get("id");
          if (id instanceof Double d) {
            CompletableFuture<Map<String, Object>> f = calls.remove(d.longValue());
            if (f != null) {
              if (m.containsKey("error")) {
                f.completeExceptionally(new IllegalStateException("DevTools: " + m.get("error")));
              } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> result = (Map<String, Object>) m.get("result");
                f.complete(result);
              }
            }
          }
        } catch (JsonReader.MalformedJsonException e) {
          calls.values().forEach(f -> f.completeExceptionally(e));
        }
      }
      ws.request(1);
      return null;
    }
  }

  /** Calls a DevTools method and waits for its result. */
  Map<String, Object> call(String method, Map<String, Object> params) throws Exception {
    long id = ids.incrementAndGet();
    CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
    calls.put(id, f);
    Map<String, Object> msg = new LinkedHashMap<>();
    msg.put("id", id);
    msg.put("method", method);
    msg.put("params", params);
    socket.sendText(JsonWriter.write(msg), true).get(10, TimeUnit.SECONDS);
    return f.get(60, TimeUnit.SECONDS);
  }

  void navigate(String url) throws Exception {
    call("Page.navigate", Map.of("url", url));
  }

  /** The value of a JavaScript expression in the page (numbers come back as doubles). */
  Object eval(String expression) throws Exception {
    Map<String, Object> r = call("Runtime.evaluate", Map.of("expression", expression,
        "returnByValue", true, "awaitPromise", true));
    if (r.containsKey("exceptionDetails")) {
      throw new IllegalStateException("the page threw on " + expression + ": " + r.get("exceptionDetails"));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) r.get("result");
    return result.get("value");
  }

  /** Waits until {@code expression} is true in the page. */
  void waitFor(String what, String expression, Duration timeout) throws Exception {
    Await.until(what + " (" + expression + ")", timeout,
        () -> Boolean.TRUE.equals(eval("!!(" + expression + ")")) ? true : null);
  }

  /** Writes a PNG of the whole page (its full height) to {@code file}. */
  void screenshot(Path file) throws Exception {
    Map<String, Object> metrics = call("Page.getLayoutMetrics", Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
    Map<String, Object> clip = new LinkedHashMap<>();
    clip.put("x", 0);
    clip.put("y", 0);
    clip.put("width", ((Number) size.get("width")).doubleValue());
    clip.put("height", ((Number) size.get("height")).doubleValue());
    clip.put("scale", 1);
    Map<String, Object> shot = call("Page.captureScreenshot", Map.of("format", "png",
        "captureBeyondViewport", true, "clip", clip));
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      socket.abort();
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
