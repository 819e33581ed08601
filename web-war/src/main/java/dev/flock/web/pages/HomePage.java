package dev.flock.web.pages;

import dev.flock.core.FlockException;
import dev.flock.core.Limits;
import dev.flock.web.auth.CurrentUser;
import dev.flock.web.backend.FlockBackend;
import dev.flock.web.backend.PageView;
import dev.flock.web.backend.PostView;
import dev.flock.web.backend.UserView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.PhaseId;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/**
 * {@code /}: the compose box and the home feed for a signed-in user, with people to follow when the
 * feed is empty; a welcome for visitors.
 */
@Named
@RequestScoped
public class HomePage {

  @Inject FlockBackend backend;
  @Inject CurrentUser currentUser;

  @Inject HttpServletRequest request;

  /** How many people "who to follow" shows on an empty feed. */
  static final int SUGGESTIONS = 5;

  private String draft;
  private PageView<PostView> feed;
  private List<UserView> suggestions;

  public void publish() {
    var user = currentUser.require();
    try {
      backend.publish(user.token(), draft == null ? "" : draft);
      Navigation.redirect("/?notice=posted");
    } catch (FlockException failure) {
      Navigation.show(failure); // the typed text stays in the box
    }
  }

  /**
   * Loaded on first use while rendering, not by a view action: a post that redirects never reads
   * the feed, and a view action costs Faces a second context per request. A failure here still
   * becomes a clean error page (the response is buffered until the page is complete).
   */
  public PageView<PostView> getFeed() {
    if (feed == null) {
      feed = backend.homeFeed(currentUser.require().token(), before());
    }
    return feed;
  }

  /**
   * Whether the feed takes part in the current phase: only in rendering. A submitted post is
   * decoded, validated and applied on the whole (rebuilt) view; the feed's {@code rendered} tests
   * and its repeated rows would otherwise read the feed in those phases, before the post is saved.
   */
  public boolean isFeedShown() {
    return FacesContext.getCurrentInstance().getCurrentPhaseId() == PhaseId.RENDER_RESPONSE;
  }

  /**
   * People to follow, read only when the page shows them (an empty first page of the feed), on
   * first use while rendering like the feed.
   */
  public List<UserView> getSuggestions() {
    if (suggestions == null) {
      suggestions = backend.suggestions(currentUser.require().token(), SUGGESTIONS);
    }
    return suggestions;
  }

  /** The newest post shown: the live notice counts the posts after it; empty with none shown. */
  public String getLiveAfter() {
    var items = getFeed().items();
    return items.isEmpty() ? "" : items.get(0).id();
  }

  public boolean isFirstPage() {
    String before = before();
    return before == null || before.isEmpty();
  }

  /** The cursor of an older page ({@code ?before=...}), or null for the newest posts. */
  private String before() {
    return request.getParameter("before");
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
