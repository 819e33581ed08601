package dev.flock.backend.post;

import dev.flock.backend.account.Accounts;
import dev.flock.backend.paging.Page;
import dev.flock.backend.paging.PageRequest;
import dev.flock.backend.session.Session;
import dev.flock.backend.session.Sessions;
import dev.flock.backend.storage.PostStore;
import dev.flock.core.TextRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.time.Instant;

/** Publishing posts and reading an author's posts. */
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
    // The rules apply to the text as stored: Bean Validation's blank check only trims ASCII
    // spaces, so a post of Unicode spaces would otherwise pass and be stored empty.
    NewPost stripped = new NewPost(TextRules.postText(draft.text()));
    var violations = validator.validate(stripped);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    String id = ids.next();
    Post post =
        new Post(
            id, author.username(), stripped.text(), Instant.ofEpochMilli(PostIds.epochMilliOf(id)));
    if (!store.savePost(post, author)) {
      throw Sessions.signInAgain();
    }
    return post;
  }

  /** NOT_FOUND for an unknown author. */
  public Page<Post> byAuthor(String author, PageRequest page) {
    accounts.requireExists(author);
    page.requireKey(PostIds::isPostId);
    return Page.of(store.postsBy(author, page.after(), page.fetchSize()), page, Post::id);
  }
}
