package dev.flock.backend.storage;

import dev.flock.backend.post.Post;

/**
 * Tells of every post (replies too) as it is saved, by whichever backend saved it: what live home
 * feeds are fed from. Nothing is told twice on purpose, yet a listener must bear hearing of a post
 * twice (a write sent again) and of posts saved before it started (etcd may deliver them late).
 */
public interface PostWatch {

  /** What a watch tells. Called on the storage's threads: return quickly. */
  interface Listener {
    void saved(Post post);

    /** The watch broke (the storage is unreachable or stopping): nothing more will be told. */
    void ended(Throwable cause);
  }

  /** A started watch: closing it stops telling, without calling {@link Listener#ended}. */
  interface Watching extends AutoCloseable {
    @Override
    void close();
  }

  /** Starts telling {@code listener} of every post saved from now on. */
  Watching watch(Listener listener);
}
