package dev.flock.web.pages;

import dev.flock.core.FlockException;
import dev.flock.web.auth.CurrentUser;
import dev.flock.web.backend.FlockBackend;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.annotation.ManagedProperty;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * {@code /follow}: the Follow / Unfollow buttons of the lists of people (search, followers,
 * following, who to follow). A page's buttons send one plain form aimed at this view's ({@code
 * follow.xhtml}; see {@code partials/follow-form.xhtml}), the pressed button naming the user; after
 * the change the browser goes back to the list it came from (same query and cursor), at that user,
 * with a notice.
 */
@Named
@RequestScoped
public class FollowAction {

  @Inject FlockBackend backend;
  @Inject CurrentUser currentUser;

  /** The pressed button's value: the user. */
  @Inject
  @ManagedProperty("#{param['follow:follow']}")
  String toFollow;

  @Inject
  @ManagedProperty("#{param['follow:unfollow']}")
  String toUnfollow;

  @Inject
  @ManagedProperty("#{param.back}")
  String back;

  public void follow() {
    change(true);
  }

  public void unfollow() {
    change(false);
  }

  private void change(boolean follow) {
    var user = currentUser.require();
    // no button pressed (a hand-made request): an empty name, which the backend refuses clearly
    String name = Objects.requireNonNullElse(follow ? toFollow : toUnfollow, "");
    try {
      if (follow) {
        backend.follow(user.token(), name);
      } else {
        backend.unfollow(user.token(), name);
      }
      Navigation.redirect(
          withNotice(Navigation.safeLocalPath(back), follow ? "followed" : "unfollowed")
              + "#user-"
              + Navigation.encode(name));
    } catch (FlockException failure) {
      Navigation.show(failure);
    }
  }

  /**
   * {@code path} with {@code ?notice=} (or {@code &notice=}) {@code key} at the end, and without
   * the notice it came with, which would be shown instead (the first one counts).
   */
  static String withNotice(String path, String key) {
    int query = path.indexOf('?');
    String kept =
        query < 0
            ? ""
            : Arrays.stream(path.substring(query + 1).split("&"))
                .filter(parameter -> !parameter.isEmpty() && !parameter.startsWith("notice="))
                .map(parameter -> parameter + "&")
                .collect(Collectors.joining());
    return (query < 0 ? path : path.substring(0, query)) + "?" + kept + "notice=" + key;
  }
}
