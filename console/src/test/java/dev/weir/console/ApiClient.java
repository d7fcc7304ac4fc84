package dev.weir.console;

import dev.weir.console.internal.JsonReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The tests' HTTP client of a console: GET and POST, answers parsed as JSON. */
final class ApiClient {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;

  ApiClient(URI base) {
    this.base = base;
  }

  /** An answer: its status, its text and the text parsed. */
  record Answer(int status, String text, Object json) {
    @SuppressWarnings("unchecked")
    Map<String, Object> object() {
      return (Map<String, Object>) json;
    }
  }

  Answer get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  Answer post(String path, String body, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(150)).build(),
        HttpResponse.BodyHandlers.ofString());
    Object json;
    try {
      json = JsonReader.parse(r.body());
    } catch (JsonReader.MalformedJsonException e) {
      throw new AssertionError(r.uri() + " answered " + r.statusCode() + " with text that is not "
          + "JSON: " + r.body(), e);
    }
    return new Answer(r.statusCode(), r.body(), json);
  }
}
