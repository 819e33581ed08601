package dev.flock.backend.post;

import dev.flock.backend.account.Accounts;
import dev.flock.backend.paging.Page;
import dev.flock.backend.paging.PageRequest;
import dev.flock.backend.session.Session;
import dev.flock.backend.session.Sessions;
import dev.flock.backend.storage.PostStore;
import dev.flock.core.FlockException;
import dev.flock.core.PostText;
import dev.flock.core.TextRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Publishing posts and replies, and reading an author's posts, everyone's and a post's thread. */
@ApplicationScoped
public class Posts {

  private PostStore store;
  private Accounts accounts;
  private PostIds ids;
  private Validator validator;

  protected Posts() {} // for CDI proxies

  @Inject
  public Posts(PostStore store, Accounts accounts, PostIds ids, Validator validator) {
    this.store = store;
    this.accounts = accounts;
    this.ids = ids;
    this.validator = validator;
  }

  /**
   * Publishes a post as the user signed in by {@code author}; INVALID_ARGUMENT when it is empty or
   * too long, UNAUTHENTICATED when that session ended before the post was stored.
   */
  public Post publish(Session author, NewPost draft) {
    Post post = newPost(author, draft, Optional.empty());
    if (!store.savePost(post, author)) {
      throw Sessions.signInAgain();
    }
    return post;
  }

  /**
   * Publishes a reply to the post {@code postId}, as {@link #publish}; NOT_FOUND when that post
   * does not exist (or no longer does).
   */
  public Post reply(Session author, String postId, NewPost draft) {
    Post answered = find(postId);
    Post reply =
        newPost(author, draft, Optional.of(new Post.ReplyTo(answered.id(), answered.author())));
    return switch (store.saveReply(reply, author)) {
      case SAVED -> reply;
      case NO_SUCH_POST -> throw noSuchPost();
      case SIGNED_OUT -> throw Sessions.signInAgain();
    };
  }

  /** A post, what it answers (if that still exists) and a page of its replies, oldest first. */
  public record Thread(Post post, Optional<Post> answered, Page<Post> replies) {}

  /** The thread of the post {@code postId}; NOT_FOUND for an unknown or deleted post. */
  public Thread thread(String postId, PageRequest replies) {
    Post post = find(postId);
    replies.requireKey(PostIds::isPostId);
    Optional<Post> answered =
        post.replyTo().flatMap(to -> store.postsById(List.of(to.postId())).stream().findFirst());
    return new Thread(
        post,
        answered,
        Page.of(
            store.repliesTo(post.id(), replies.after(), replies.fetchSize()), replies, Post::id));
  }

  private Post find(String postId) {
    if (!PostIds.isPostId(postId)) {
      throw noSuchPost();
    }
    return store.postsById(List.of(postId)).stream().findFirst().orElseThrow(Posts::noSuchPost);
  }

  private static FlockException noSuchPost() {
    return FlockException.notFound("That post does not exist, or it has been deleted.");
  }

  private Post newPost(Session author, NewPost draft, Optional<Post.ReplyTo> replyTo) {
    // The rules apply to the text as stored: Bean Validation's blank check only trims ASCII
    // spaces, so a post of Unicode spaces would otherwise pass and be stored empty.
    NewPost stripped = new NewPost(TextRules.postText(draft.text()));
    var violations = validator.validate(stripped);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    String id = ids.next();
    return new Post(
        id,
        author.username(),
        stripped.text(),
        Instant.ofEpochMilli(PostIds.epochMilliOf(id)),
        replyTo);
  }

  /** Everyone's posts, newest first: the global timeline. */
  public Page<Post> everyones(PageRequest page) {
    page.requireKey(PostIds::isPostId);
    return Page.of(store.everyonesPosts(page.after(), page.fetchSize()), page, Post::id);
  }

  /** The posts that mention {@code username}, newest first. */
  public Page<Post> mentioning(String username, PageRequest page) {
    page.requireKey(PostIds::isPostId);
    return Page.of(store.mentionsOf(username, page.after(), page.fetchSize()), page, Post::id);
  }

  /**
   * The posts with the hashtag {@code typed} (any case), newest first; INVALID_ARGUMENT if none.
   */
  public Page<Post> tagged(String typed, PageRequest page) {
    String tag = PostText.tagOrNull(typed);
    if (tag == null) {
      throw FlockException.invalid(
          "A hashtag is # and 1 to 50 letters, digits or _, not only digits.");
    }
    page.requireKey(PostIds::isPostId);
    return Page.of(store.taggedWith(tag, page.after(), page.fetchSize()), page, Post::id);
  }

  /** NOT_FOUND for an unknown author. */
  public Page<Post> byAuthor(String author, PageRequest page) {
    accounts.requireExists(author);
    page.requireKey(PostIds::isPostId);
    return Page.of(store.postsBy(author, page.after(), page.fetchSize()), page, Post::id);
  }
}
