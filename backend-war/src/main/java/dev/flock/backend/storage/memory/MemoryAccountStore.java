package dev.flock.backend.storage.memory;

import dev.flock.backend.account.Account;
import dev.flock.backend.storage.AccountStore;
import dev.flock.backend.storage.StorageCall;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** {@link AccountStore} in memory: accounts by name, sorted for the name search. */
@ApplicationScoped
@Typed(MemoryAccountStore.class)
@StorageCall
public class MemoryAccountStore implements AccountStore {

  private final ConcurrentSkipListMap<String, Account> accounts = new ConcurrentSkipListMap<>();
  private final Set<String> retired = ConcurrentHashMap.newKeySet();

  @Override
  public boolean createAccount(Account account) {
    return !retired.contains(account.username())
        && accounts.putIfAbsent(account.username(), account) == null;
  }

  @Override
  public void retireAccount(String username) {
    retired.add(username); // first: a registration of the name in between must fail
    accounts.remove(username);
  }

  @Override
  public Optional<Account> findAccount(String username) {
    return Optional.ofNullable(accounts.get(username));
  }

  @Override
  public boolean updateAccount(Account account) {
    return accounts.replace(account.username(), account) != null;
  }

  @Override
  public List<String> usernames(String prefix, Optional<String> after, int limit) {
    NavigableMap<String, Account> from =
        after
            .filter(name -> name.compareTo(prefix) >= 0)
            .map(name -> accounts.tailMap(name, false))
            .orElseGet(() -> accounts.tailMap(prefix, true));
    return from.keySet().stream().takeWhile(name -> name.startsWith(prefix)).limit(limit).toList();
  }
}
