package dev.flock.web.pages;

import dev.flock.web.auth.CurrentUser;
import dev.flock.web.backend.FlockBackend;
import dev.flock.web.backend.PageView;
import dev.flock.web.backend.PostView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.annotation.ManagedProperty;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** {@code /explore}: everyone's posts, newest first, for visitors too. */
@Named
@RequestScoped
public class ExplorePage {

  @Inject FlockBackend backend;
  @Inject CurrentUser currentUser;

  @Inject
  @ManagedProperty("#{param.before}")
  String before;

  private PageView<PostView> posts;

  /** View action: a failure becomes its error page before anything is rendered. */
  public void load() {
    posts = backend.explore(currentUser.signedIn().map(CurrentUser.SignedIn::token), before);
  }

  public PageView<PostView> getPosts() {
    return posts;
  }
}
