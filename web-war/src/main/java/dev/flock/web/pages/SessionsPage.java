package dev.flock.web.pages;

import dev.flock.core.FlockException;
import dev.flock.web.auth.CurrentUser;
import dev.flock.web.auth.SessionCookie;
import dev.flock.web.backend.FlockBackend;
import dev.flock.web.backend.SessionView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.annotation.ManagedProperty;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/**
 * {@code /sessions}: where and since when the user is signed in; ending one of those sessions, or
 * all of them ("sign out everywhere", this browser too).
 */
@Named
@RequestScoped
public class SessionsPage {

  @Inject FlockBackend backend;
  @Inject CurrentUser currentUser;
  @Inject HttpServletRequest request;

  /** The session a row's "End" button names. */
  @Inject
  @ManagedProperty("#{param.session}")
  String session;

  private List<SessionView> sessions;

  public List<SessionView> getSessions() {
    if (sessions == null) {
      sessions = backend.sessions(currentUser.require().token());
    }
    return sessions;
  }

  public void end() {
    var user = currentUser.require();
    try {
      backend.endSession(user.token(), session);
      Navigation.redirect("/sessions?notice=session-ended");
    } catch (FlockException failure) {
      Navigation.show(failure);
    }
  }

  public void endAll() {
    backend.endAllSessions(currentUser.require().token());
    SessionCookie.clear(request, Navigation.response(), SessionCookie.SESSION);
    Navigation.redirect("/login?notice=signed-out-everywhere");
  }
}
