package dev.flock.web.pages;

import dev.flock.core.FlockException;
import dev.flock.web.auth.CurrentUser;
import dev.flock.web.auth.SessionCookie;
import dev.flock.web.backend.FlockBackend;
import dev.flock.web.http.ClientAddresses;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code /settings}: changing one's password (which ends every other session), and deleting one's
 * account.
 */
@Named
@RequestScoped
public class SettingsPage {

  @Inject FlockBackend backend;
  @Inject CurrentUser currentUser;
  @Inject HttpServletRequest request;
  @Inject ClientAddresses clientAddresses;

  private String currentPassword;
  private String newPassword;
  private String newPasswordAgain;
  private String deletionPassword;

  /** The page is for signed-in users only: visitors are sent to sign in. */
  public void load() {
    currentUser.require();
  }

  public void changePassword() {
    var user = currentUser.require();
    if (newPassword == null || !newPassword.equals(newPasswordAgain)) {
      FacesContext.getCurrentInstance()
          .addMessage(
              null,
              new FacesMessage(FacesMessage.SEVERITY_ERROR, "The two new passwords differ.", null));
      return;
    }
    try {
      backend.changePassword(
          user.token(),
          currentPassword,
          newPassword,
          clientAddresses.of(request),
          SessionCookie.device(request, Navigation.response()));
      Navigation.redirect("/settings?notice=password-changed");
    } catch (FlockException failure) {
      Navigation.show(failure);
    }
  }

  /** Deletes the account, given the password; the browser is signed out. */
  public void deleteAccount() {
    var user = currentUser.require();
    try {
      backend.deleteAccount(
          user.token(),
          deletionPassword,
          clientAddresses.of(request),
          SessionCookie.device(request, Navigation.response()));
      SessionCookie.clear(request, Navigation.response(), SessionCookie.SESSION);
      Navigation.redirect("/login?notice=account-deleted");
    } catch (FlockException failure) {
      Navigation.show(failure);
    }
  }

  public String getDeletionPassword() {
    return deletionPassword;
  }

  public void setDeletionPassword(String deletionPassword) {
    this.deletionPassword = deletionPassword;
  }

  public String getCurrentPassword() {
    return currentPassword;
  }

  public void setCurrentPassword(String currentPassword) {
    this.currentPassword = currentPassword;
  }

  public String getNewPassword() {
    return newPassword;
  }

  public void setNewPassword(String newPassword) {
    this.newPassword = newPassword;
  }

  public String getNewPasswordAgain() {
    return newPasswordAgain;
  }

  public void setNewPasswordAgain(String newPasswordAgain) {
    this.newPasswordAgain = newPasswordAgain;
  }
}
