package dev.flock.web.pages;

import dev.flock.web.auth.CurrentUser;
import dev.flock.web.backend.FlockBackend;
import dev.flock.web.backend.PageView;
import dev.flock.web.backend.PostView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.annotation.ManagedProperty;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** {@code /mentions}: the posts that mention the signed-in user, newest first. */
@Named
@RequestScoped
public class MentionsPage {

  @Inject FlockBackend backend;
  @Inject CurrentUser currentUser;

  @Inject
  @ManagedProperty("#{param.before}")
  String before;

  private PageView<PostView> posts;

  /** View action: visitors are sent to sign in. */
  public void load() {
    posts = backend.mentions(currentUser.require().token(), before);
  }

  public PageView<PostView> getPosts() {
    return posts;
  }
}
