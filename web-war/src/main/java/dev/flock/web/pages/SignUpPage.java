package dev.flock.web.pages;

import dev.flock.core.FlockException;
import dev.flock.web.auth.SessionCookie;
import dev.flock.web.backend.FlockBackend;
import dev.flock.web.http.ClientAddresses;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;

/** {@code /register}: creating an account, then signing straight in. */
@Named
@RequestScoped
public class SignUpPage {

  @Inject FlockBackend backend;
  @Inject HttpServletRequest request;
  @Inject ClientAddresses clientAddresses;

  private String username;
  private String password;
  private String passwordAgain;

  public void register() {
    if (password == null || !password.equals(passwordAgain)) {
      FacesContext.getCurrentInstance()
          .addMessage(
              null,
              new FacesMessage(FacesMessage.SEVERITY_ERROR, "The two passwords differ.", null));
      return;
    }
    try {
      String from = clientAddresses.of(request);
      backend.register(username, password, from);
      SignInPage.startSession(
          backend.login(
              username, password, from, SessionCookie.device(request, Navigation.response())),
          request);
      Navigation.redirect("/?notice=welcome");
    } catch (FlockException failure) {
      Navigation.show(failure);
    }
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

  public String getPasswordAgain() {
    return passwordAgain;
  }

  public void setPasswordAgain(String passwordAgain) {
    this.passwordAgain = passwordAgain;
  }
}
