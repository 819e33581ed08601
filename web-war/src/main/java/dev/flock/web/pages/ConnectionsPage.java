package dev.flock.web.pages;

import dev.flock.core.FlockException;
import dev.flock.web.backend.FlockBackend;
import dev.flock.web.backend.PageView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.annotation.ManagedProperty;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** {@code /users/{name}/followers} and {@code /users/{name}/following}. */
@Named
@RequestScoped
public class ConnectionsPage {

  @Inject FlockBackend backend;

  @Inject
  @ManagedProperty("#{param.name}")
  String name;

  @Inject
  @ManagedProperty("#{param.list}")
  String list;

  @Inject
  @ManagedProperty("#{param.after}")
  String after;

  private PageView<String> users;

  public void load() {
    if (name == null || name.isEmpty()) {
      throw FlockException.notFound("No user given.");
    }
    users = isFollowers() ? backend.followers(name, after) : backend.following(name, after);
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

  public PageView<String> getUsers() {
    return users;
  }
}
