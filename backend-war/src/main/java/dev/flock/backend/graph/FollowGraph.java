package dev.flock.backend.graph;

import dev.flock.backend.account.Accounts;
import dev.flock.backend.paging.Page;
import dev.flock.backend.paging.PageRequest;
import dev.flock.backend.storage.Storage;
import dev.flock.grpc.error.FlockException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Function;

/** Following and unfollowing, and the lists of followers and followed users. */
@ApplicationScoped
public class FollowGraph {

  private Storage storage;
  private Accounts accounts;

  protected FollowGraph() {} // for CDI proxies

  @Inject
  public FollowGraph(Storage storage, Accounts accounts) {
    this.storage = storage;
    this.accounts = accounts;
  }

  /** Idempotent. INVALID_ARGUMENT for oneself, NOT_FOUND for an unknown user. */
  public void follow(String follower, String followee) {
    if (follower.equals(followee)) {
      throw FlockException.invalid("You cannot follow yourself.");
    }
    accounts.requireExists(followee);
    storage.follow(follower, followee);
  }

  /** Idempotent. NOT_FOUND for an unknown user. */
  public void unfollow(String follower, String followee) {
    accounts.requireExists(followee);
    storage.unfollow(follower, followee);
  }

  public Page<String> following(String username, PageRequest page) {
    accounts.requireExists(username);
    return Page.of(
        storage.following(username, page.after(), page.fetchSize()), page, Function.identity());
  }

  public Page<String> followers(String username, PageRequest page) {
    accounts.requireExists(username);
    return Page.of(
        storage.followers(username, page.after(), page.fetchSize()), page, Function.identity());
  }
}
