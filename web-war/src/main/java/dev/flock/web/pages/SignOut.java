package dev.flock.web.pages;

import dev.flock.web.auth.CurrentUser;
import dev.flock.web.auth.SessionCookie;
import dev.flock.web.backend.FlockBackend;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;

/** The sign-out button in the header: revokes the token on the backend, then clears the cookie. */
@Named
@RequestScoped
public class SignOut {

  @Inject FlockBackend backend;
  @Inject CurrentUser currentUser;
  @Inject HttpServletRequest request;

  public void signOut() {
    currentUser.signedIn().ifPresent(user -> backend.logout(user.token()));
    SessionCookie.clear(request, Navigation.response(), SessionCookie.SESSION);
    Navigation.redirect("/login?notice=signed-out");
  }
}
