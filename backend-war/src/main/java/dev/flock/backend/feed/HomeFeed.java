package dev.flock.backend.feed;

import dev.flock.backend.paging.Page;
import dev.flock.backend.paging.PageRequest;
import dev.flock.backend.post.Post;
import dev.flock.backend.storage.Storage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/** Builds home feed pages by merging the timelines of followed authors (see package doc). */
@ApplicationScoped
public class HomeFeed {

  /** Followed authors are read in slices of this many names, to bound each storage call. */
  private static final int FOLLOWING_SLICE = 500;

  private static final Comparator<Timeline> NEWEST_HEAD_FIRST =
      Comparator.comparing((Timeline timeline) -> timeline.head().id()).reversed();

  private Storage storage;

  protected HomeFeed() {} // for CDI proxies

  @Inject
  public HomeFeed(Storage storage) {
    this.storage = storage;
  }

  public Page<Post> page(String reader, PageRequest page) {
    PriorityQueue<Timeline> heads = new PriorityQueue<>(NEWEST_HEAD_FIRST);
    for (List<Post> timeline :
        storage.postsByEach(allFollowedBy(reader), page.after(), page.fetchSize())) {
      Iterator<Post> posts = timeline.iterator();
      if (posts.hasNext()) {
        heads.add(new Timeline(posts.next(), posts));
      }
    }
    List<Post> merged = new ArrayList<>(page.fetchSize());
    while (merged.size() < page.fetchSize() && !heads.isEmpty()) {
      Timeline newest = heads.poll();
      merged.add(newest.head());
      if (newest.rest().hasNext()) {
        heads.add(new Timeline(newest.rest().next(), newest.rest()));
      }
    }
    return Page.of(merged, page, Post::id);
  }

  private List<String> allFollowedBy(String reader) {
    List<String> all = new ArrayList<>();
    Optional<String> after = Optional.empty();
    List<String> slice;
    do {
      slice = storage.following(reader, after, FOLLOWING_SLICE);
      all.addAll(slice);
      after = slice.isEmpty() ? after : Optional.of(slice.get(slice.size() - 1));
    } while (slice.size() == FOLLOWING_SLICE);
    return all;
  }

  /** One author's remaining posts, with the newest not yet merged at its head. */
  private record Timeline(Post head, Iterator<Post> rest) {}
}
