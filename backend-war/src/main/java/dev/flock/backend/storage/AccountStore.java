package dev.flock.backend.storage;

import dev.flock.backend.account.Account;
import java.util.List;
import java.util.Optional;

/** Registered accounts (see the package doc for what every store promises). */
public interface AccountStore {

  /**
   * Stores a new account; false (and nothing changed) when the name is already taken. Atomic: of
   * any number of concurrent registrations of one name, exactly one wins.
   */
  boolean createAccount(Account account);

  Optional<Account> findAccount(String username);

  /**
   * Removes the account and keeps its name reserved: it is never found again, and {@link
   * #createAccount} of that name fails. Idempotent.
   */
  void retireAccount(String username);

  /** Replaces an existing account's record (a new password); false if there is no such account. */
  boolean updateAccount(Account account);

  /** Names starting with {@code prefix}, in name order, strictly after {@code after} if given. */
  List<String> usernames(String prefix, Optional<String> after, int limit);
}
