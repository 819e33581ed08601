package dev.flock.backend.account;

import dev.flock.backend.paging.Page;
import dev.flock.backend.paging.PageRequest;
import dev.flock.backend.storage.Storage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Finding users and reading their profiles. */
@ApplicationScoped
public class UserDirectory {

  private Storage storage;
  private Accounts accounts;

  protected UserDirectory() {} // for CDI proxies

  @Inject
  public UserDirectory(Storage storage, Accounts accounts) {
    this.storage = storage;
    this.accounts = accounts;
  }

  /** NOT_FOUND for an unknown name. */
  public Profile profile(String username, Optional<String> caller) {
    accounts.requireExists(username);
    return new Profile(
        username,
        storage.followerCount(username),
        storage.followingCount(username),
        storage.postCount(username),
        caller.map(name -> storage.isFollowing(name, username)).orElse(false));
  }

  /** Users whose name starts with {@code query} (case-insensitive), in name order. */
  public Page<String> search(String query, PageRequest page) {
    String prefix = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
    return Page.of(
        storage.usernames(prefix, page.after(), page.fetchSize()), page, Function.identity());
  }
}
