package dev.flock.backend.account;

import dev.flock.backend.graph.FollowGraph;
import dev.flock.backend.graph.Person;
import dev.flock.backend.paging.Page;
import dev.flock.backend.paging.PageRequest;
import dev.flock.backend.storage.AccountStore;
import dev.flock.backend.storage.FollowStore;
import dev.flock.backend.storage.PostStore;
import dev.flock.core.Limits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Finding users and reading their profiles. */
@ApplicationScoped
public class UserDirectory {

  private AccountStore accountStore;
  private FollowStore follows;
  private PostStore posts;
  private Accounts accounts;
  private FollowGraph graph;

  protected UserDirectory() {} // for CDI proxies

  @Inject
  public UserDirectory(
      AccountStore accountStore,
      FollowStore follows,
      PostStore posts,
      Accounts accounts,
      FollowGraph graph) {
    this.accountStore = accountStore;
    this.follows = follows;
    this.posts = posts;
    this.accounts = accounts;
    this.graph = graph;
  }

  /** NOT_FOUND for an unknown name. */
  public Profile profile(String username, Optional<String> caller) {
    accounts.requireExists(username);
    return new Profile(
        username,
        follows.followerCount(username),
        follows.followingCount(username),
        posts.postCount(username),
        caller.map(name -> follows.isFollowing(name, username)).orElse(false));
  }

  /**
   * Users whose name starts with {@code query} (case-insensitive), in name order, as {@code reader}
   * (if signed in) sees them ({@link FollowGraph#people}). A query longer than any name matches
   * none, without asking the storage.
   */
  public Page<Person> search(String query, PageRequest page, Optional<String> reader) {
    String prefix = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
    if (prefix.length() > Limits.USERNAME_MAX_LENGTH) {
      return new Page<>(List.of(), "");
    }
    return graph.people(
        Page.of(
            accountStore.usernames(prefix, page.after(), page.fetchSize()),
            page,
            Function.identity()),
        reader);
  }
}
