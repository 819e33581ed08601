package dev.flock.backend.storage.memory;

import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
import dev.flock.backend.storage.FeedReads;
import dev.flock.backend.storage.StorageCall;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.IntUnaryOperator;

/**
 * {@link FeedReads} in memory. Reading the follows here costs no more than checking a version of
 * them would, so answers carry no {@code asOf} and a {@code known} list is never needed.
 */
@ApplicationScoped
@Typed(MemoryFeedReads.class)
@StorageCall
public class MemoryFeedReads implements FeedReads {

  private MemoryState state;

  protected MemoryFeedReads() {} // for CDI proxies

  @Inject
  public MemoryFeedReads(MemoryState state) {
    this.state = state;
  }

  @Override
  public Optional<List<String>> followingWhileSignedIn(
      Session reader, Optional<String> after, int limit) {
    return followingOf(reader, after, limit);
  }

  @Override
  public Optional<Followed> followedWhileSignedIn(
      Session reader,
      Optional<String> before,
      IntUnaryOperator share,
      Optional<FollowsAsOf> known) {
    return followingOf(reader, Optional.empty(), Integer.MAX_VALUE)
        .map(
            authors ->
                new Followed(
                    authors,
                    postsOfEach(authors, before, share.applyAsInt(authors.size())),
                    Optional.empty(),
                    OptionalLong.empty()));
  }

  @Override
  public List<List<Post>> postsByEach(List<String> authors, Optional<String> before, int limit) {
    return postsOfEach(authors, before, limit);
  }

  private Optional<List<String>> followingOf(Session reader, Optional<String> after, int limit) {
    return state
        .liveSession(reader.tokenHash())
        .filter(reader::equals)
        .map(session -> state.following(reader.username()).after(after, limit));
  }

  private List<List<Post>> postsOfEach(List<String> authors, Optional<String> before, int limit) {
    return authors.stream()
        .map(author -> state.timeline(author).newestFirst(before, limit))
        .toList();
  }
}
