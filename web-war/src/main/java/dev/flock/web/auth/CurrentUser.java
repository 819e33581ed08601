package dev.flock.web.auth;

import dev.flock.core.FlockException;
import dev.flock.web.telemetry.SessionChecks;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * The user signed in on this request, resolved at most once per request by asking the backend whose
 * token the cookie holds. An unknown or expired token simply means "not signed in".
 */
@Named
@RequestScoped
public class CurrentUser {

  @Inject HttpServletRequest request;
  @Inject BackendSessions sessions;
  @Inject SessionChecks checks;

  private Optional<SignedIn> resolved;

  /** A token and the user the backend says it belongs to. */
  public record SignedIn(String token, String username) {}

  public boolean isSignedIn() {
    return signedIn().isPresent();
  }

  /** The user's name, or null for a visitor (for pages). */
  public String getUsername() {
    return signedIn().map(SignedIn::username).orElse(null);
  }

  public Optional<SignedIn> signedIn() {
    if (resolved == null) {
      resolved = SessionCookie.read(request, SessionCookie.SESSION).flatMap(this::validate);
    }
    return resolved;
  }

  /** UNAUTHENTICATED for a visitor: pages answer it by sending them to the sign-in page. */
  public SignedIn require() {
    return signedIn().orElseThrow(() -> FlockException.unauthenticated("Please sign in first."));
  }

  private Optional<SignedIn> validate(String token) {
    try (Response response = sessions.whoIs("Bearer " + token)) {
      if (response.getStatus() == Response.Status.OK.getStatusCode()) {
        checks.count(SessionChecks.Outcome.SIGNED_IN);
        return Optional.of(
            new SignedIn(token, response.readEntity(SessionApi.SessionOwner.class).username()));
      }
      if (response.getStatus() == Response.Status.UNAUTHORIZED.getStatusCode()) {
        checks.count(SessionChecks.Outcome.SIGNED_OUT);
        return Optional.empty();
      }
      checks.count(SessionChecks.Outcome.UNAVAILABLE);
      throw FlockException.unavailable(FlockException.TEMPORARILY_UNAVAILABLE, null);
    } catch (ProcessingException e) {
      checks.count(SessionChecks.Outcome.UNAVAILABLE);
      throw FlockException.unavailable(FlockException.TEMPORARILY_UNAVAILABLE, e);
    }
  }
}
