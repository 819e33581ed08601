package dev.flock.backend.storage;

import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
import java.util.List;
import java.util.Optional;

/** Each author's posts, newest first. A post is stored whole or not at all. */
public interface PostStore {

  /**
   * Stores a post while {@code author}, the session of the post's author, is still signed in,
   * checked in the same atomic step as the write, so a post never lands after a sign-out that came
   * first. False, and nothing stored, when that session has ended. Idempotent by id: a retried
   * write never duplicates it, and reports success even if the author signed out since.
   */
  boolean savePost(Post post, Session author);

  /**
   * Posts by {@code author}, newest first, with ids strictly below {@code before} (a post id) if
   * given.
   */
  List<Post> postsBy(String author, Optional<String> before, int limit);

  long postCount(String author);

  /**
   * Deletes up to {@code limit} of {@code author}'s posts (the newest first): a bounded step of
   * deleting an account, repeated until it returns 0. Idempotent.
   *
   * @return how many were deleted
   */
  int deletePostsOf(String author, int limit);
}
