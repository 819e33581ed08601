package dev.flock.web.pages;

import dev.flock.web.auth.CurrentUser;
import dev.flock.web.backend.FlockBackend;
import dev.flock.web.backend.PageView;
import dev.flock.web.backend.UserView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.annotation.ManagedProperty;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * {@code /users?q=}: every user, or those whose name starts with the query, each with their
 * follower count and, for a signed-in reader, a Follow / Unfollow button ({@link FollowAction}).
 */
@Named
@RequestScoped
public class UsersPage {

  @Inject FlockBackend backend;
  @Inject CurrentUser currentUser;

  @Inject
  @ManagedProperty("#{param.q}")
  String query;

  @Inject
  @ManagedProperty("#{param.after}")
  String after;

  private PageView<UserView> users;

  public void load() {
    users =
        backend.searchUsers(query, currentUser.signedIn().map(CurrentUser.SignedIn::token), after);
  }

  public String getQuery() {
    return query;
  }

  public PageView<UserView> getUsers() {
    return users;
  }

  public String getQueryParameter() {
    return query == null ? "" : Navigation.encode(query);
  }
}
