package dev.flock.backend.account;

import dev.flock.backend.session.Sessions;
import dev.flock.backend.storage.AccountStore;
import dev.flock.backend.storage.FollowStore;
import dev.flock.backend.storage.LikeStore;
import dev.flock.backend.storage.PostStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Deleting an account: its sessions, its posts, its likes, its follows in both directions, then the
 * account itself, in both storages through their ports. Every step is bounded (a batch of posts,
 * one follow edge per transaction) and idempotent, and the account goes last: a deletion cut short
 * (its caller's deadline, a storage failure) leaves an account its owner can sign in to and delete
 * again, and the next attempt goes on where this one stopped.
 *
 * <p>The name stays reserved for ever ({@link AccountStore#retireAccount}): links and mentions of
 * {@code @name} elsewhere must never come to mean somebody else, as on Mastodon.
 */
@ApplicationScoped
public class AccountDeletion {

  /** Follow edges per step. */
  public static final int BATCH = 100;

  /**
   * Posts per step: with each one's copies among everyone's posts and the replies, within etcd's
   * 128 operations per transaction.
   */
  public static final int POSTS_BATCH = 60;

  /** Likes per step: two keys each, within etcd's 128 operations per transaction. */
  public static final int LIKES_BATCH = 60;

  private Accounts accounts;
  private AccountStore store;
  private FollowStore follows;
  private PostStore posts;
  private LikeStore likes;
  private Sessions sessions;

  protected AccountDeletion() {} // for CDI proxies

  @Inject
  public AccountDeletion(
      Accounts accounts,
      AccountStore store,
      FollowStore follows,
      PostStore posts,
      LikeStore likes,
      Sessions sessions) {
    this.accounts = accounts;
    this.store = store;
    this.follows = follows;
    this.posts = posts;
    this.likes = likes;
    this.sessions = sessions;
  }

  /** Deletes {@code username}'s account if {@code password} is theirs (UNAUTHENTICATED if not). */
  public void delete(String username, String password) {
    accounts.authenticate(username, password);
    sessions.endAll(username, Optional.empty()); // no new post or follow from now on
    while (posts.deletePostsOf(username, POSTS_BATCH) > 0) {
      // the next batch
    }
    posts.forgetMentionsOf(username);
    while (likes.deleteLikesOf(username, LIKES_BATCH) > 0) {
      // the next batch (the likes of their deleted posts are skipped by readers)
    }
    for (List<String> followed = following(username);
        !followed.isEmpty();
        followed = following(username)) {
      followed.forEach(followee -> follows.unfollow(username, followee));
    }
    for (List<String> followers = followers(username);
        !followers.isEmpty();
        followers = followers(username)) {
      followers.forEach(follower -> follows.unfollow(follower, username));
    }
    store.retireAccount(username);
    sessions.endAll(username, Optional.empty()); // a sign-in that slipped in meanwhile
  }

  private List<String> following(String username) {
    return follows.following(username, Optional.empty(), BATCH);
  }

  private List<String> followers(String username) {
    return follows.followers(username, Optional.empty(), BATCH);
  }
}
