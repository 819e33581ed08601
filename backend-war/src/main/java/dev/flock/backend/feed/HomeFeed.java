package dev.flock.backend.feed;

import dev.flock.backend.paging.Page;
import dev.flock.backend.paging.PageRequest;
import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
import dev.flock.backend.session.Sessions;
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

  /** UNAUTHENTICATED when {@code reader}'s session has ended. */
  public Page<Post> page(Session reader, PageRequest page) {
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

  private List<String> allFollowedBy(Session reader) {
    List<String> all = new ArrayList<>();
    Optional<String> after = Optional.empty();
    // The first slice is read together with the check that the reader is still signed in.
    List<String> slice =
        storage
            .followingWhileSignedIn(reader, after, FOLLOWING_SLICE)
            .orElseThrow(Sessions::signInAgain);
    all.addAll(slice);
    while (slice.size() == FOLLOWING_SLICE) {
      after = Optional.of(slice.get(slice.size() - 1));
      slice = storage.following(reader.username(), after, FOLLOWING_SLICE);
      all.addAll(slice);
    }
    return all;
  }

  /** One author's remaining posts, with the newest not yet merged at its head. */
  private record Timeline(Post head, Iterator<Post> rest) {}
}
