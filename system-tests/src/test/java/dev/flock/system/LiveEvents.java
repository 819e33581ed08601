package dev.flock.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A reader of the site's live home feed ({@code /live/home}), parsing its Server-Sent Events as a
 * browser's EventSource does: fields up to a blank line make one event.
 */
final class LiveEvents implements AutoCloseable {

  /** One event: its name, its id (a post id) and its data (the post's author). */
  record Event(String name, String id, String data) {}

  private final HttpClient client = HttpClient.newHttpClient();
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final HttpResponse<Stream<String>> response;

  private LiveEvents(URI web, String sessionToken, Optional<String> lastEventId) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(web.resolve("/live/home"))
            .header("Accept", "text/event-stream")
            .header("Cookie", "flock_session=" + sessionToken);
    lastEventId.ifPresent(id -> request.header("Last-Event-ID", id));
    response =
        client
            .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
            .get(10, TimeUnit.SECONDS);
    Thread.ofVirtual().start(this::parse);
  }

  /** Opens the stream of the user signed in by {@code sessionToken}, as a reconnection if given. */
  static LiveEvents open(URI web, String sessionToken, Optional<String> lastEventId)
      throws Exception {
    return new LiveEvents(web, sessionToken, lastEventId);
  }

  int status() {
    return response.statusCode();
  }

  String contentType() {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  /** The next event, or null if none came {@code within}. */
  Event next(Duration within) throws InterruptedException {
    return events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void parse() {
    String[] fields = new String[3]; // event, id, data
    try (Stream<String> lines = response.body()) {
      lines.forEach(
          line -> {
            if (line.isEmpty()) {
              if (fields[2] != null) {
                events.add(
                    new Event(fields[0] == null ? "message" : fields[0], fields[1], fields[2]));
              }
              fields[0] = null;
              fields[2] = null; // the id stays, as EventSource's last event id does
              return;
            }
            int colon = line.indexOf(':');
            if (colon == 0) {
              return; // a comment: the stream's heartbeat
            }
            String name = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
            switch (name) {
              case "event" -> fields[0] = value;
              case "id" -> fields[1] = value;
              case "data" -> fields[2] = value;
              default -> {} // retry, and anything else, as EventSource ignores it here
            }
          });
    } catch (RuntimeException closed) {
      // the stream was closed by close()
    }
  }

  @Override
  public void close() {
    client.shutdownNow();
  }
}
