package dev.flock.web.pages;

import dev.flock.web.backend.FlockBackend;
import dev.flock.web.backend.PageView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.annotation.ManagedProperty;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** {@code /users?q=}: every user, or those whose name starts with the query. */
@Named
@RequestScoped
public class UsersPage {

  @Inject FlockBackend backend;

  @Inject
  @ManagedProperty("#{param.q}")
  String query;

  @Inject
  @ManagedProperty("#{param.after}")
  String after;

  private PageView<String> users;

  public void load() {
    users = backend.searchUsers(query, after);
  }

  public String getQuery() {
    return query;
  }

  public PageView<String> getUsers() {
    return users;
  }

  public String getQueryParameter() {
    return query == null ? "" : Navigation.encode(query);
  }
}
