package dev.flock.backend.account;

import dev.flock.backend.storage.AccountStore;
import dev.flock.core.FlockException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.Optional;

/** Registration and password checks. */
@ApplicationScoped
public class Accounts {

  static final String WRONG_CREDENTIALS = "Wrong username or password.";

  private AccountStore store;
  private PasswordHashing passwords;
  private Validator validator;
  private Clock clock;

  protected Accounts() {} // for CDI proxies

  @Inject
  public Accounts(AccountStore store, PasswordHashing passwords, Validator validator, Clock clock) {
    this.store = store;
    this.passwords = passwords;
    this.validator = validator;
    this.clock = clock;
  }

  /** Creates an account; INVALID_ARGUMENT for a rule broken, ALREADY_EXISTS for a taken name. */
  public Account register(Registration registration) {
    var violations = validator.validate(registration);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    Account account =
        new Account(
            registration.username(), passwords.hash(registration.password()), clock.instant());
    if (!store.createAccount(account)) {
      throw FlockException.alreadyExists(
          "The username '" + registration.username() + "' is taken. Please choose another one.");
    }
    return account;
  }

  /**
   * The account whose name and password these are. UNAUTHENTICATED otherwise, with one message and
   * the same cost whether the name or the password was wrong.
   */
  public Account authenticate(String username, String password) {
    Optional<Account> account = store.findAccount(username == null ? "" : username);
    String typed = password == null ? "" : password;
    if (account.isEmpty()) {
      passwords.spendVerificationTime(typed);
      throw FlockException.unauthenticated(WRONG_CREDENTIALS);
    }
    if (!passwords.matches(typed, account.get().passwordHash())) {
      throw FlockException.unauthenticated(WRONG_CREDENTIALS);
    }
    return account.get();
  }

  /**
   * Gives {@code username} the password {@code replacement}, if {@code current} is theirs
   * (UNAUTHENTICATED otherwise) and the new one keeps the rules (INVALID_ARGUMENT).
   */
  public void changePassword(String username, String current, String replacement) {
    Account account = authenticate(username, current);
    var violations = validator.validate(new Registration(username, replacement));
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    Account changed =
        new Account(account.username(), passwords.hash(replacement), account.createdAt());
    if (!store.updateAccount(changed)) {
      throw FlockException.notFound("There is no user called '" + username + "'.");
    }
  }

  /** NOT_FOUND unless {@code username} is registered. */
  public void requireExists(String username) {
    if (username == null || store.findAccount(username).isEmpty()) {
      throw FlockException.notFound("There is no user called '" + username + "'.");
    }
  }
}
