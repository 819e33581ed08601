package dev.flock.web.pages;

import dev.flock.core.FlockException;
import dev.flock.web.auth.CurrentUser;
import dev.flock.web.backend.FlockBackend;
import dev.flock.web.backend.PageView;
import dev.flock.web.backend.UserView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.annotation.ManagedProperty;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * {@code /users/{name}/followers} and {@code /users/{name}/following}, each user with their
 * follower count and, for a signed-in reader, a Follow / Unfollow button ({@link FollowAction}).
 */
@Named
@RequestScoped
public class ConnectionsPage {

  @Inject FlockBackend backend;
  @Inject CurrentUser currentUser;

  @Inject
  @ManagedProperty("#{param.name}")
  String name;

  @Inject
  @ManagedProperty("#{param.list}")
  String list;

  @Inject
  @ManagedProperty("#{param.after}")
  String after;

  private PageView<UserView> users;

  public void load() {
    if (name == null || name.isEmpty()) {
      throw FlockException.notFound("No user given.");
    }
    var token = currentUser.signedIn().map(CurrentUser.SignedIn::token);
    users =
        isFollowers()
            ? backend.followers(name, token, after)
            : backend.following(name, token, after);
  }

  public boolean isFollowers() {
    return "followers".equals(list);
  }

  public String getList() {
    return isFollowers() ? "followers" : "following";
  }

  public String getName() {
    return name;
  }

  public PageView<UserView> getUsers() {
    return users;
  }
}
