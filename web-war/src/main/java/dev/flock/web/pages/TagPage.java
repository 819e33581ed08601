package dev.flock.web.pages;

import dev.flock.web.auth.CurrentUser;
import dev.flock.web.backend.FlockBackend;
import dev.flock.web.backend.PageView;
import dev.flock.web.backend.PostView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.annotation.ManagedProperty;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** {@code /tags/{tag}}: the posts with a hashtag, newest first, for visitors too. */
@Named
@RequestScoped
public class TagPage {

  @Inject FlockBackend backend;
  @Inject CurrentUser currentUser;

  @Inject
  @ManagedProperty("#{param.tag}")
  String tag;

  @Inject
  @ManagedProperty("#{param.before}")
  String before;

  private PageView<PostView> posts;

  /** View action: a tag that cannot be one is a 400 page, before anything is rendered. */
  public void load() {
    posts =
        backend.tagged(
            tag == null ? "" : tag,
            currentUser.signedIn().map(CurrentUser.SignedIn::token),
            before);
  }

  public String getTag() {
    return tag;
  }

  public PageView<PostView> getPosts() {
    return posts;
  }
}
