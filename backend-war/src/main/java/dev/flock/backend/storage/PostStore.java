package dev.flock.backend.storage;

import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
import java.util.List;
import java.util.Optional;

/**
 * Posts, listed by author, all together (everyone's), by the post they answer, by whom they mention
 * and by hashtag. A post is stored whole, in every list it belongs to, or not at all.
 */
public interface PostStore {

  /** What became of a reply. */
  enum ReplyOutcome {
    SAVED,
    NO_SUCH_POST,
    SIGNED_OUT
  }

  /**
   * Stores a post while {@code author}, the session of the post's author, is still signed in,
   * checked in the same atomic step as the write, so a post never lands after a sign-out that came
   * first. False, and nothing stored, when that session has ended. Idempotent by id: a retried
   * write never duplicates it, and reports success even if the author signed out since.
   */
  boolean savePost(Post post, Session author);

  /**
   * Stores a reply (a post with {@link Post#replyTo}) as {@link #savePost} stores a post, and only
   * while the post it answers exists, checked in the same atomic step; it is then also among that
   * post's replies. Idempotent by id, as {@link #savePost}.
   */
  ReplyOutcome saveReply(Post reply, Session author);

  /**
   * The replies to the post {@code postId}, oldest first, with ids strictly above {@code after} if
   * given.
   */
  List<Post> repliesTo(String postId, Optional<String> after, int limit);

  /**
   * Posts by {@code author}, newest first, with ids strictly below {@code before} (a post id) if
   * given.
   */
  List<Post> postsBy(String author, Optional<String> before, int limit);

  /**
   * Everyone's posts (the global timeline), newest first, with ids strictly below {@code before} if
   * given. A page costs the same however many posts and authors there are.
   */
  List<Post> everyonesPosts(Optional<String> before, int limit);

  /** The posts of {@code ids} that exist, in the order of {@code ids}: read together. */
  List<Post> postsById(List<String> ids);

  /**
   * The posts that mention {@code username} ({@code @name}, see {@code PostText}), newest first,
   * with ids strictly below {@code before} if given.
   */
  List<Post> mentionsOf(String username, Optional<String> before, int limit);

  /** The posts tagged {@code tag} ({@code #tag}, lower case), newest first, as above. */
  List<Post> taggedWith(String tag, Optional<String> before, int limit);

  /** Forgets which posts mention {@code username}: a step of deleting that account. */
  void forgetMentionsOf(String username);

  long postCount(String author);

  /**
   * Deletes up to {@code limit} of {@code author}'s posts (the newest first), from everyone's posts
   * and the replies they are among too: a bounded step of deleting an account, repeated until it
   * returns 0. Idempotent.
   *
   * @return how many were deleted
   */
  int deletePostsOf(String author, int limit);
}
