package dev.flock.backend.rpc;

import dev.flock.backend.session.Session;
import dev.flock.backend.session.Sessions;
import dev.flock.grpc.auth.CallerToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** The signed-in user on whose behalf the current call is made. */
@ApplicationScoped
class Caller {

  @Inject Sessions sessions;

  /** UNAUTHENTICATED unless the call carries a valid session token. */
  String username() {
    return sessions.requireUser(CallerToken.current());
  }

  /** The caller's session, for storage calls guarded by it (see {@link Sessions#signedIn}). */
  Session session() {
    return sessions.signedIn(CallerToken.current());
  }

  /** The caller, for calls that also serve visitors who are not signed in. */
  Optional<String> usernameIfSignedIn() {
    return CallerToken.current().flatMap(sessions::usernameFor);
  }
}
