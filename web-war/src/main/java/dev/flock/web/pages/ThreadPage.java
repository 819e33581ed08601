package dev.flock.web.pages;

import dev.flock.core.FlockException;
import dev.flock.core.Limits;
import dev.flock.web.auth.CurrentUser;
import dev.flock.web.backend.FlockBackend;
import dev.flock.web.backend.ThreadView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.annotation.ManagedProperty;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * {@code /posts/{id}}: a post, the post it answers, its replies (oldest first, paged) and, signed
 * in, a box to reply.
 */
@Named
@RequestScoped
public class ThreadPage {

  @Inject FlockBackend backend;
  @Inject CurrentUser currentUser;

  @Inject
  @ManagedProperty("#{param.id}")
  String id;

  @Inject
  @ManagedProperty("#{param.after}")
  String after;

  private ThreadView thread;
  private String draft;

  /** View action: NOT_FOUND (a 404 page) for an unknown or deleted post. */
  public void load() {
    if (thread == null) {
      thread =
          backend.thread(
              id == null ? "" : id, currentUser.signedIn().map(CurrentUser.SignedIn::token), after);
    }
  }

  public void reply() {
    var user = currentUser.require();
    try {
      var reply = backend.reply(user.token(), id == null ? "" : id, draft == null ? "" : draft);
      Navigation.redirect("/posts/" + Navigation.encode(id) + "?notice=replied#post-" + reply.id());
    } catch (FlockException failure) {
      Navigation.show(failure); // the typed text stays in the box
      load();
    }
  }

  public ThreadView getThread() {
    return thread;
  }

  public String getId() {
    return id;
  }

  public boolean isFirstPage() {
    return after == null || after.isEmpty();
  }

  public int getMaxLength() {
    return Limits.POST_MAX_LENGTH;
  }

  public String getDraft() {
    return draft;
  }

  public void setDraft(String draft) {
    this.draft = draft;
  }
}
