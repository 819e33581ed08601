package dev.flock.web.pages;

import dev.flock.grpc.error.FlockException;
import dev.flock.web.auth.CurrentUser;
import dev.flock.web.backend.FlockBackend;
import dev.flock.web.backend.PageView;
import dev.flock.web.backend.PostView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.annotation.ManagedProperty;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** {@code /}: the compose box and the home feed for a signed-in user, a welcome for visitors. */
@Named
@RequestScoped
public class HomePage {

  @Inject FlockBackend backend;
  @Inject CurrentUser currentUser;

  @Inject
  @ManagedProperty("#{param.before}")
  String before;

  private String draft;
  private PageView<PostView> feed;

  /** View action: loads the feed page (GET only). */
  public void load() {
    currentUser.signedIn().ifPresent(user -> feed = backend.homeFeed(user.token(), before));
  }

  public void publish() {
    var user = currentUser.require();
    try {
      backend.publish(user.token(), draft == null ? "" : draft);
      Navigation.redirect("/?notice=posted");
    } catch (FlockException failure) {
      Navigation.show(failure); // the typed text stays in the box
    }
  }

  public PageView<PostView> getFeed() {
    return feed;
  }

  public boolean isFirstPage() {
    return before == null || before.isEmpty();
  }

  public int getMaxLength() {
    return 280;
  }

  public String getDraft() {
    return draft;
  }

  public void setDraft(String draft) {
    this.draft = draft;
  }
}
