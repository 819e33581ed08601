package dev.flock.web.live;

import dev.flock.core.FlockException;
import dev.flock.web.auth.CurrentUser;
import dev.flock.web.telemetry.PageNaming;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /live/home}: the signed-in reader's new posts as Server-Sent Events, after the post id
 * of {@code Last-Event-ID} (a browser's reconnection) or else of {@code ?after=} (the newest post
 * the page showed).
 */
@Path("home")
@RequestScoped
public class HomeFeedEvents {

  /** A post id's characters; the backend checks the exact shape. */
  private static final Pattern POST_ID = Pattern.compile("[0-9a-f]{1,64}");

  @Inject CurrentUser currentUser;
  @Inject LiveStreams streams;
  @Inject HttpServletRequest request;

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void watch(
      @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventId,
      @QueryParam("after") String after,
      @Context SseEventSink sink,
      @Context Sse sse) {
    PageNaming.name(request, "/live/home");
    Optional<String> from =
        Optional.ofNullable(lastEventId)
            .or(() -> Optional.ofNullable(after))
            .filter(id -> !id.isEmpty());
    if (from.isPresent() && !POST_ID.matcher(from.get()).matches()) {
      throw FlockException.invalid("That is not a post id.");
    }
    // the session is checked here, before the answer begins: a visitor gets 401, not a stream
    streams.open(currentUser.require().token(), from, sink, sse);
  }
}
