package dev.flock.web.pages;

import dev.flock.core.FlockException;
import dev.flock.web.auth.SessionCookie;
import dev.flock.web.backend.FlockBackend;
import dev.flock.web.backend.SignIn;
import dev.flock.web.http.ClientAddresses;
import dev.flock.web.http.PostbackFilter;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.annotation.ManagedProperty;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;

/** {@code /login}: signing in with a username and password. */
@Named
@RequestScoped
public class SignInPage {

  @Inject FlockBackend backend;
  @Inject HttpServletRequest request;
  @Inject ClientAddresses clientAddresses;

  @Inject
  @ManagedProperty("#{param.next}")
  String next;

  private String username;
  private String password;

  public void signIn() {
    try {
      startSession(
          backend.login(
              username,
              password,
              clientAddresses.of(request),
              SessionCookie.device(request, Navigation.response())),
          request);
      Navigation.redirect(Navigation.safeLocalPath(next));
    } catch (FlockException failure) {
      Navigation.show(failure);
    }
  }

  /** Puts a fresh session's token in the browser's cookie, and a new visitor CSRF token. */
  static void startSession(SignIn signIn, HttpServletRequest request) {
    SessionCookie.write(
        request, Navigation.response(), SessionCookie.SESSION, signIn.token(), signIn.expiresAt());
    PostbackFilter.renewVisitorToken(request, Navigation.response());
  }

  public String getNext() {
    return next;
  }

  public void setNext(String next) {
    this.next = next;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }
}
