package dev.flock.backend.graph;

import dev.flock.backend.account.Accounts;
import dev.flock.backend.paging.Page;
import dev.flock.backend.paging.PageRequest;
import dev.flock.backend.storage.FollowReads;
import dev.flock.backend.storage.FollowReads.Followers;
import dev.flock.backend.storage.FollowStore;
import dev.flock.core.FlockException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Following and unfollowing, the lists of followers and followed users with their follower counts,
 * and whom to follow (see the package doc for what each costs).
 */
@ApplicationScoped
public class FollowGraph {

  /**
   * The most people one user may follow (Mastodon's cap). Every home feed page reads the names of
   * all the people its reader follows, so without a cap one account following a crowd of sock
   * puppets makes each of its pages as costly as it likes.
   */
  public static final int MAX_FOLLOWING = 7_500;

  /** Suggestions a reader gets unless they ask for another number. */
  public static final int DEFAULT_SUGGESTIONS = 5;

  /** The most suggestions one call gives. */
  public static final int MAX_SUGGESTIONS = 10;

  /** Of the people a reader follows, how many (the first in name order) suggestions start from. */
  static final int SOURCES = 10;

  /** Of the people each of those follows, how many (the first in name order) suggestions read. */
  static final int FOLLOWS_PER_SOURCE = 10;

  /** Of those, how many suggestions consider, the ones followed by the most sources first. */
  static final int FRIENDS_OF_FRIENDS = 25;

  /** How many of the most followed users suggestions consider. */
  static final int MOST_FOLLOWED = 15;

  private FollowStore store;
  private FollowReads reads;
  private Accounts accounts;
  private int maxFollowing;

  protected FollowGraph() {} // for CDI proxies

  @Inject
  public FollowGraph(
      FollowStore store,
      FollowReads reads,
      Accounts accounts,
      @ConfigProperty(name = "flock.graph.max-following", defaultValue = "" + MAX_FOLLOWING)
          int maxFollowing) {
    if (maxFollowing < 1) {
      throw new IllegalArgumentException("flock.graph.max-following must be positive");
    }
    this.store = store;
    this.reads = reads;
    this.accounts = accounts;
    this.maxFollowing = maxFollowing;
  }

  /** The most people one user may follow here (flock.graph.max-following). */
  public int maxFollowing() {
    return maxFollowing;
  }

  /**
   * Idempotent. INVALID_ARGUMENT for oneself, NOT_FOUND for an unknown user, FAILED_PRECONDITION
   * when the follower already follows the most people allowed.
   */
  public void follow(String follower, String followee) {
    if (follower.equals(followee)) {
      throw FlockException.invalid("You cannot follow yourself.");
    }
    accounts.requireExists(followee);
    if (!store.follow(follower, followee, maxFollowing)) {
      throw FlockException.failedPrecondition(
          String.format(
              Locale.ROOT,
              "You follow %,d people, the most anyone can. Unfollow someone to follow someone new.",
              maxFollowing));
    }
  }

  /** Idempotent. NOT_FOUND for an unknown user. */
  public void unfollow(String follower, String followee) {
    accounts.requireExists(followee);
    store.unfollow(follower, followee);
  }

  /** Whom {@code username} follows, as {@code reader} (if signed in) sees them. */
  public Page<Person> following(String username, PageRequest page, Optional<String> reader) {
    accounts.requireExists(username);
    return people(
        Page.of(
            store.following(username, page.after(), page.fetchSize()), page, Function.identity()),
        reader);
  }

  /** Who follows {@code username}, as {@code reader} (if signed in) sees them. */
  public Page<Person> followers(String username, PageRequest page, Optional<String> reader) {
    accounts.requireExists(username);
    return people(
        Page.of(
            store.followers(username, page.after(), page.fetchSize()), page, Function.identity()),
        reader);
  }

  /**
   * A page of names with each one's follower count and whether {@code reader} follows them: one
   * storage read for the whole page (etcd: one txn per 60 names), so a page costs O(page size).
   */
  public Page<Person> people(Page<String> names, Optional<String> reader) {
    Map<String, Followers> followers = reads.followersOf(names.items(), reader);
    return new Page<>(
        names.items().stream()
            .map(name -> person(name, followers.getOrDefault(name, Followers.NONE)))
            .toList(),
        names.nextCursor());
  }

  /**
   * Up to {@code limit} people {@code reader} might follow (see the package doc): first those
   * followed by the most of the people the reader follows (of the first {@value #SOURCES} the
   * reader follows, the first {@value #FOLLOWS_PER_SOURCE} each follows), then the most followed
   * (the first {@value #MOST_FOLLOWED} of the ranking), never the reader nor anyone they follow
   * already. Four storage reads at most, each of a bounded number of keys, however big the site.
   */
  public List<Person> suggestions(String reader, int limit) {
    int wanted = limit <= 0 ? DEFAULT_SUGGESTIONS : Math.min(limit, MAX_SUGGESTIONS);
    List<String> sources = store.following(reader, Optional.empty(), SOURCES);
    Map<String, Integer> sharedBy = new HashMap<>();
    if (!sources.isEmpty()) {
      reads
          .followingOfEach(sources, FOLLOWS_PER_SOURCE)
          .values()
          .forEach(followed -> followed.forEach(name -> sharedBy.merge(name, 1, Integer::sum)));
    }
    sharedBy.remove(reader);
    sources.forEach(sharedBy::remove); // followed already
    List<String> friendsOfFriends =
        sharedBy.keySet().stream()
            .sorted(
                Comparator.comparing((String name) -> sharedBy.get(name))
                    .reversed()
                    .thenComparing(Comparator.naturalOrder()))
            .limit(FRIENDS_OF_FRIENDS)
            .toList();
    List<String> popular =
        reads.mostFollowed(MOST_FOLLOWED).stream()
            .filter(name -> !name.equals(reader) && !sharedBy.containsKey(name))
            .filter(name -> !sources.contains(name))
            .toList();
    List<String> candidates = new ArrayList<>(friendsOfFriends);
    candidates.addAll(popular);
    Map<String, Followers> seen = reads.followersOf(candidates, Optional.of(reader));
    Comparator<Person> mostFollowedFirst =
        Comparator.comparingLong(Person::followers).reversed().thenComparing(Person::username);
    List<Person> suggested = new ArrayList<>();
    suggested.addAll(notFollowed(friendsOfFriends, seen).toList());
    suggested.addAll(notFollowed(popular, seen).sorted(mostFollowedFirst).toList());
    return List.copyOf(suggested.subList(0, Math.min(wanted, suggested.size())));
  }

  /**
   * Those of {@code names} the reader does not follow and who have followers (one who lost them
   * all, or deleted their account, since the lists were read is no suggestion).
   */
  private static Stream<Person> notFollowed(List<String> names, Map<String, Followers> seen) {
    return names.stream()
        .map(name -> person(name, seen.getOrDefault(name, Followers.NONE)))
        .filter(person -> !person.followedByReader() && person.followers() > 0);
  }

  private static Person person(String name, Followers followers) {
    return new Person(name, followers.count(), followers.byReader());
  }
}
