package dev.flock.web.pages;

import dev.flock.core.FlockException;
import dev.flock.web.auth.CurrentUser;
import dev.flock.web.backend.FlockBackend;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.annotation.ManagedProperty;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code /like}: the ♥ (Like / Unlike) button of every post. A page's buttons send one plain form
 * aimed at this view's ({@code like.xhtml}; see {@code partials/like-form.xhtml}), the pressed
 * button naming the post; after the change the browser goes back to the page it came from, at the
 * post.
 */
@Named
@RequestScoped
public class LikeAction {

  @Inject FlockBackend backend;
  @Inject CurrentUser currentUser;
  @Inject HttpServletRequest request;

  /** The pressed button's value: the post. */
  @Inject
  @ManagedProperty("#{param['like:like']}")
  String toLike;

  @Inject
  @ManagedProperty("#{param['like:unlike']}")
  String toUnlike;

  @Inject
  @ManagedProperty("#{param.back}")
  String back;

  /** {@link #getHere}, worked out once per page: every post's form asks for it. */
  private String here;

  public void like() {
    change(true);
  }

  public void unlike() {
    change(false);
  }

  private void change(boolean like) {
    var user = currentUser.require();
    try {
      String post = like ? toLike : toUnlike;
      if (like) {
        backend.likePost(user.token(), post);
      } else {
        backend.unlikePost(user.token(), post);
      }
      Navigation.redirect(Navigation.safeLocalPath(back) + "#post-" + Navigation.encode(post));
    } catch (FlockException failure) {
      Navigation.show(failure);
    }
  }

  /**
   * Where a like form on this page sends the browser back to: this page's address as the browser
   * asked for it (before a forward, e.g. {@code /users/bob?before=...}).
   */
  public String getHere() {
    if (here == null) {
      here = requestedAddress();
    }
    return here;
  }

  private String requestedAddress() {
    Object forwarded = request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI);
    Object query =
        forwarded != null
            ? request.getAttribute(RequestDispatcher.FORWARD_QUERY_STRING)
            : request.getQueryString();
    String path = forwarded != null ? (String) forwarded : request.getRequestURI();
    String local = path.substring(request.getContextPath().length());
    return query == null ? local : local + "?" + query;
  }
}
