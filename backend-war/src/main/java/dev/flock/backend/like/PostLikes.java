package dev.flock.backend.like;

import dev.flock.backend.account.Accounts;
import dev.flock.backend.paging.Page;
import dev.flock.backend.paging.PageRequest;
import dev.flock.backend.post.Post;
import dev.flock.backend.post.PostIds;
import dev.flock.backend.session.Session;
import dev.flock.backend.session.Sessions;
import dev.flock.backend.storage.LikeStore;
import dev.flock.backend.storage.LikeStore.Likes;
import dev.flock.backend.storage.PostStore;
import dev.flock.core.FlockException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Liking and unliking posts, the posts a user likes, and how many like each post of a page. */
@ApplicationScoped
public class PostLikes {

  private LikeStore store;
  private PostStore posts;
  private Accounts accounts;

  protected PostLikes() {} // for CDI proxies

  @Inject
  public PostLikes(LikeStore store, PostStore posts, Accounts accounts) {
    this.store = store;
    this.posts = posts;
    this.accounts = accounts;
  }

  /**
   * The user signed in by {@code liker} likes the post; idempotent. NOT_FOUND for a post that does
   * not exist (or no longer does), UNAUTHENTICATED once that session has ended.
   */
  public void like(Session liker, String postId) {
    switch (store.like(liker, requirePostId(postId))) {
      case LIKED -> {}
      case NO_SUCH_POST -> throw noSuchPost();
      case SIGNED_OUT -> throw Sessions.signInAgain();
    }
  }

  /** Idempotent: unliking a post not liked (or gone) changes nothing. */
  public void unlike(String liker, String postId) {
    store.unlike(liker, requirePostId(postId));
  }

  /**
   * The posts {@code username} likes, newest post first; NOT_FOUND for an unknown user. A page may
   * hold fewer posts than its size where liked posts have been deleted since.
   */
  public Page<Post> likedBy(String username, PageRequest page) {
    accounts.requireExists(username);
    page.requireKey(PostIds::isPostId);
    Page<String> ids =
        Page.of(store.likedBy(username, page.after(), page.fetchSize()), page, id -> id);
    return new Page<>(posts.postsById(ids.items()), ids.nextCursor());
  }

  /**
   * The likes of each of {@code shown} (a page of posts), and which of them {@code reader} likes.
   */
  public Map<String, Likes> of(List<Post> shown, Optional<String> reader) {
    return of(shown, reader, OptionalLong.empty());
  }

  /**
   * {@link #of(List, Optional)} for posts whose read also saw {@code likesVersion}, the version of
   * all likes then ({@link dev.flock.backend.feed.HomeFeed.FeedPage}): the likes shown are as
   * recent as that read, and may cost no read of their own.
   */
  public Map<String, Likes> of(
      List<Post> shown, Optional<String> reader, OptionalLong likesVersion) {
    return shown.isEmpty()
        ? Map.of()
        : store.likesOf(shown.stream().map(Post::id).toList(), reader, likesVersion);
  }

  private static String requirePostId(String postId) {
    if (!PostIds.isPostId(postId)) {
      throw noSuchPost();
    }
    return postId;
  }

  private static FlockException noSuchPost() {
    return FlockException.notFound("That post does not exist, or it has been deleted.");
  }
}
