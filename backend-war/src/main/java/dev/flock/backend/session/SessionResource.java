package dev.flock.backend.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * {@code GET /api/v1/session} with {@code Authorization: Bearer <token>}: whose token is this?
 * Application-scoped: it keeps nothing per call, and the web tier asks on every page.
 */
@Path("session")
@ApplicationScoped
public class SessionResource {

  private static final String BEARER = "Bearer ";

  /** The answer for a valid token. */
  public record SessionOwner(String username) {}

  @Inject Sessions sessions;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response whoAmI(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    return Optional.ofNullable(authorization)
        .filter(value -> value.startsWith(BEARER))
        .flatMap(value -> sessions.usernameFor(value.substring(BEARER.length())))
        .map(username -> Response.ok(new SessionOwner(username)))
        .orElseGet(
            () ->
                Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .build();
  }
}
