package dev.flock.backend.graph;

import dev.flock.backend.account.Accounts;
import dev.flock.backend.paging.Page;
import dev.flock.backend.paging.PageRequest;
import dev.flock.backend.storage.FollowStore;
import dev.flock.core.FlockException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Following and unfollowing, and the lists of followers and followed users. */
@ApplicationScoped
public class FollowGraph {

  /**
   * The most people one user may follow (Mastodon's cap). Every home feed page reads the names of
   * all the people its reader follows, so without a cap one account following a crowd of sock
   * puppets makes each of its pages as costly as it likes.
   */
  public static final int MAX_FOLLOWING = 7_500;

  private FollowStore store;
  private Accounts accounts;
  private int maxFollowing;

  protected FollowGraph() {} // for CDI proxies

  @Inject
  public FollowGraph(
      FollowStore store,
      Accounts accounts,
      @ConfigProperty(name = "flock.graph.max-following", defaultValue = "" + MAX_FOLLOWING)
          int maxFollowing) {
    if (maxFollowing < 1) {
      throw new IllegalArgumentException("flock.graph.max-following must be positive");
    }
    this.store = store;
    this.accounts = accounts;
    this.maxFollowing = maxFollowing;
  }

  /** The most people one user may follow here (flock.graph.max-following). */
  public int maxFollowing() {
    return maxFollowing;
  }

  /**
   * Idempotent. INVALID_ARGUMENT for oneself, NOT_FOUND for an unknown user, FAILED_PRECONDITION
   * when the follower already follows the most people allowed.
   */
  public void follow(String follower, String followee) {
    if (follower.equals(followee)) {
      throw FlockException.invalid("You cannot follow yourself.");
    }
    accounts.requireExists(followee);
    if (!store.follow(follower, followee, maxFollowing)) {
      throw FlockException.failedPrecondition(
          String.format(
              Locale.ROOT,
              "You follow %,d people, the most anyone can. Unfollow someone to follow someone new.",
              maxFollowing));
    }
  }

  /** Idempotent. NOT_FOUND for an unknown user. */
  public void unfollow(String follower, String followee) {
    accounts.requireExists(followee);
    store.unfollow(follower, followee);
  }

  public Page<String> following(String username, PageRequest page) {
    accounts.requireExists(username);
    return Page.of(
        store.following(username, page.after(), page.fetchSize()), page, Function.identity());
  }

  public Page<String> followers(String username, PageRequest page) {
    accounts.requireExists(username);
    return Page.of(
        store.followers(username, page.after(), page.fetchSize()), page, Function.identity());
  }
}
