package dev.flock.backend.feed;

import dev.flock.backend.paging.Page;
import dev.flock.backend.paging.PageRequest;
import dev.flock.backend.post.Post;
import dev.flock.backend.post.PostIds;
import dev.flock.backend.session.Session;
import dev.flock.backend.session.Sessions;
import dev.flock.backend.storage.FeedReads;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.trace.Span;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.PriorityQueue;

/** Builds home feed pages by merging the timelines of followed authors (see package doc). */
@ApplicationScoped
public class HomeFeed {

  private static final Comparator<Timeline> NEWEST_HEAD_FIRST =
      Comparator.comparing((Timeline timeline) -> timeline.head().id()).reversed();

  private static final AttributeKey<Long> AUTHORS_READ = AttributeKey.longKey("flock.feed.authors");

  private FeedReads reads;

  /** Whom recent readers follow: the first read of a page is one round trip while it holds. */
  private FollowsCache follows;

  /** The timelines read per page: the cost of a feed page grows with them (WORKLOAD.md). */
  private LongHistogram authorsRead;

  protected HomeFeed() {} // for CDI proxies

  @Inject
  public HomeFeed(FeedReads reads, OpenTelemetry openTelemetry) {
    this.reads = reads;
    this.follows = new FollowsCache(reads);
    this.authorsRead =
        openTelemetry
            .getMeter("dev.flock.feed")
            .histogramBuilder("flock.feed.authors")
            .ofLongs()
            .setUnit("{author}")
            .setDescription("Authors whose timelines one home feed page read")
            .setExplicitBucketBoundariesAdvice(
                List.of(0L, 1L, 5L, 10L, 25L, 50L, 100L, 250L, 500L, 1_000L, 2_500L, 7_500L))
            .build();
  }

  /**
   * A page of the home feed, and the version of all likes its read saw, for {@link
   * dev.flock.backend.like.PostLikes#of}.
   */
  public record FeedPage(Page<Post> posts, OptionalLong likesVersion) {}

  /** UNAUTHENTICATED when {@code reader}'s session has ended. */
  public FeedPage page(Session reader, PageRequest page) {
    page.requireKey(PostIds::isPostId);
    int wanted = page.fetchSize();
    // First pass: an even share of the page from every author, plus one to spare, read together
    // with whom the reader follows and the check that they are still signed in.
    FeedReads.Followed followed =
        follows
            .followedWhileSignedIn(reader, page.after(), authors -> shareOf(wanted, authors))
            .orElseThrow(Sessions::signInAgain);
    List<String> authors = followed.authors();
    if (authors.isEmpty()) {
      countAuthorsRead(0);
      return new FeedPage(Page.of(List.of(), page, Post::id), followed.likesVersion());
    }
    int share = shareOf(wanted, authors.size());
    List<List<Post>> timelines = new ArrayList<>(followed.timelines());
    List<Post> merged = newest(timelines, wanted);
    // Second pass, only for authors busier than their share: those whose share was all newer
    // than the page's oldest post may have more posts that belong on the page.
    List<Integer> busy = new ArrayList<>();
    for (int i = 0; i < timelines.size(); i++) {
      List<Post> timeline = timelines.get(i);
      if (timeline.size() == share
          && (merged.size() < wanted || isOlder(merged.get(wanted - 1), timeline.get(share - 1)))) {
        busy.add(i);
      }
    }
    if (!busy.isEmpty()) {
      List<List<Post>> more =
          reads.postsByEach(busy.stream().map(authors::get).toList(), page.after(), wanted);
      for (int j = 0; j < busy.size(); j++) {
        timelines.set(busy.get(j), more.get(j));
      }
      merged = newest(timelines, wanted);
    }
    countAuthorsRead(authors.size() + busy.size());
    return new FeedPage(Page.of(merged, page, Post::id), followed.likesVersion());
  }

  private void countAuthorsRead(int timelinesRead) {
    authorsRead.record(timelinesRead);
    Span.current().setAttribute(AUTHORS_READ, (long) timelinesRead);
  }

  private static boolean isOlder(Post post, Post than) {
    return post.id().compareTo(than.id()) < 0;
  }

  /** The {@code limit} newest posts of newest-first {@code timelines}, newest first. */
  private static List<Post> newest(List<List<Post>> timelines, int limit) {
    PriorityQueue<Timeline> heads = new PriorityQueue<>(NEWEST_HEAD_FIRST);
    for (List<Post> timeline : timelines) {
      Iterator<Post> posts = timeline.iterator();
      if (posts.hasNext()) {
        heads.add(new Timeline(posts.next(), posts));
      }
    }
    List<Post> merged = new ArrayList<>(limit);
    while (merged.size() < limit && !heads.isEmpty()) {
      Timeline newest = heads.poll();
      merged.add(newest.head());
      if (newest.rest().hasNext()) {
        heads.add(new Timeline(newest.rest().next(), newest.rest()));
      }
    }
    return merged;
  }

  private static int shareOf(int wanted, int authors) {
    return authors == 0 ? 0 : Math.min(wanted, (wanted + authors - 1) / authors + 1);
  }

  /** One author's remaining posts, with the newest not yet merged at its head. */
  private record Timeline(Post head, Iterator<Post> rest) {}
}
