package dev.weir.console.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.weir.console.ActionOutcome;
import dev.weir.console.JobAction;
import dev.weir.console.JobSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@code /api/}: reads a {@link JobSource} and answers JSON; every refusal
 * is a JSON body {@code {"status": ..., "error": "..."}} with its HTTP status (400 malformed
 * input, 403 no or wrong token, 404 unknown job or path, 405 wrong method, 409 the job cannot
 * do it now, 500 the action failed). A refused request changes no job.
 */
public final class ApiHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
  /** How long an action's answer waits for it (a savepoint of a large state takes a while). */
  static final long ACTION_WAIT_SECONDS = 120;
  private static final int MAX_BODY_BYTES = 64 * 1024;

  private final JobSource source;
  private final AccessGuard guard;
  private final boolean tokenRequired;

  public ApiHandler(JobSource source, AccessGuard guard, boolean tokenRequired) {
    this.source = source;
    this.guard = guard;
    this.tokenRequired = tokenRequired;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      int status = 200;
      Object body;
      try {
        String[] parts = exchange.getRequestURI().getPath().substring("/api/".length()).split("/", -1);
        String method = exchange.getRequestMethod();
        if (method.equals("POST")) {
          guard.checkAction(exchange);
          ActionOutcome outcome = act(parts, exchange);
          body = JsonViews.outcome(parts[1], outcome);
        } else if (method.equals("GET") || method.equals("HEAD")) {
          body = read(parts);
        } else {
          throw new HttpError(405, "method " + method + " is not allowed; the API reads with GET "
              + "and acts with POST");
        }
      } catch (HttpError e) {
        status = e.status();
        body = JsonViews.error(status, e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn("The console could not answer {} {}", exchange.getRequestMethod(),
            exchange.getRequestURI(), e);
        status = 500;
        body = JsonViews.error(500, "the console failed: " + e);
      }
      send(exchange, status, JsonWriter.write(body));
    }
  }

  private Object read(String[] p) {
    if (p.length == 1 && p[0].equals("config")) {
      return Map.of("actionsNeedToken", tokenRequired);
    }
    if (p.length == 1 && p[0].equals("jobs")) {
      return JsonViews.jobs(source.jobs());
    }
    if (p.length == 2 && p[0].equals("jobs")) {
      return JsonViews.job(source.job(p[1]).orElseThrow(() -> unknownJob(p[1])));
    }
    if (p.length == 3 && p[0].equals("jobs") && p[2].equals("checkpoints")) {
      return JsonViews.checkpoints(p[1], source.checkpoints(p[1]).orElseThrow(() -> unknownJob(p[1])));
    }
    if (p.length == 3 && p[0].equals("jobs") && p[2].equals("subtasks")) {
      return JsonViews.subtasks(p[1], source.subtasks(p[1]).orElseThrow(() -> unknownJob(p[1])));
    }
    if (p.length == 3 && p[0].equals("jobs") && ACTIONS.contains(p[2])) {
      throw new HttpError(405, p[2] + " is an action: POST it");
    }
    throw unknownPath();
  }

  private static final Set<String> ACTIONS = Set.of("savepoints", "stop", "cancel");

  private ActionOutcome act(String[] p, HttpExchange exchange) throws IOException {
    if (p.length != 3 || !p[0].equals("jobs")) {
      throw unknownPath();
    }
    Map<String, Object> body = body(exchange);
    JobAction action = switch (p[2]) {
      case "checkpoints" -> {
        fields(body, Set.of());
        yield new JobAction.TriggerCheckpoint();
      }
      case "savepoints" -> {
        fields(body, Set.of("targetDirectory"));
        yield new JobAction.Savepoint(directory(body));
      }
      case "stop" -> {
        fields(body, Set.of("savepoint", "targetDirectory"));
        Object sp = body.getOrDefault("savepoint", Boolean.FALSE);
        if (!(sp instanceof Boolean)) {
          throw new HttpError(400, "'savepoint' must be true or false, was " + JsonWriter.write(sp));
        }
        yield new JobAction.Stop((Boolean) sp, directory(body));
      }
      case "cancel" -> {
        fields(body, Set.of());
        yield new JobAction.Cancel();
      }
      default -> throw unknownPath();
    };
    CompletableFuture<ActionOutcome> future = source.act(p[1], action)
        .orElseThrow(() -> unknownJob(p[1]));
    try {
      return future.get(ACTION_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new HttpError(504, "the " + action.name() + " is still in progress after "
          + ACTION_WAIT_SECONDS + " s; its result will show in the job's checkpoints");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpError(503, "the console is shutting down");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null
          ? c.getCause() : e.getCause();
      if (cause instanceof IllegalStateException) {
        throw new HttpError(409, cause.getMessage());
      }
      LOG.warn("The console's {} of job {} failed", action.name(), p[1], cause);
      throw new HttpError(500, "the " + action.name() + " failed: " + cause);
    }
  }

  /** The request's JSON object; an empty body is an empty object. */
  private static Map<String, Object> body(HttpExchange exchange) throws IOException {
    byte[] bytes;
    try (InputStream in = exchange.getRequestBody()) {
      bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw new HttpError(413, "the request body is over " + MAX_BODY_BYTES + " bytes");
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return Map.of();
    }
    Object value;
    try {
      value = JsonReader.parse(text);
    } catch (JsonReader.MalformedJsonException e) {
      throw new HttpError(400, "the request body is not JSON: " + e.getMessage());
    }
    if (!(value instanceof Map<?, ?>)) {
      throw new HttpError(400, "the request body must be a JSON object, was " + text.strip());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) value;
    return m;
  }

  private static void fields(Map<String, Object> body, Set<String> allowed) {
    for (String k : body.keySet()) {
      if (!allowed.contains(k)) {
        throw new HttpError(400, "unknown field '" + k + "'"
            + (allowed.isEmpty() ? "; this action takes no fields" : "; allowed: " + allowed));
      }
    }
  }

  private static Optional<Path> directory(Map<String, Object> body) {
    Object d = body.get("targetDirectory");
    if (d == null) {
      return Optional.empty();
    }
    if (!(d instanceof String s) || s.isBlank()) {
      throw new HttpError(400, "'targetDirectory' must be a non-empty string");
    }
    try {
      return Optional.of(Path.of(s));
    } catch (InvalidPathException e) {
      throw new HttpError(400, "'targetDirectory' is not a path: " + e.getMessage());
    }
  }

  private static HttpError unknownJob(String id) {
    return new HttpError(404, "no job with id '" + id + "'; GET /api/jobs lists the jobs");
  }

  private static HttpError unknownPath() {
    return new HttpError(404, "no such API path; see docs/console.md for the endpoints");
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      exchange.getResponseBody().write(bytes);
    }
  }
}
