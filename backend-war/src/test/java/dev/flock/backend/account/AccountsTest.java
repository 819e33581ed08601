package dev.flock.backend.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flock.backend.Backend;
import dev.flock.backend.graph.Person;
import dev.flock.backend.paging.PageRequest;
import dev.flock.core.FlockException;
import dev.flock.core.FlockException.Reason;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountsTest {

  private static final String USERNAME_RULE =
      "A username has 3 to 20 characters: lowercase letters a-z, digits 0-9 and _.";
  private static final String PASSWORD_RULE = "A password has 8 to 128 characters.";
  private static final String PASSWORD = "s3cret-enough";

  private final Backend backend = new Backend();
  private final Accounts accounts = backend.accounts;

  @ParameterizedTest
  @ValueSource(strings = {"abc", "alice", "a_1", "user_2024", "abcdefghijklmnopqrst"})
  void acceptsValidUsernames(String username) {
    Account account = accounts.register(new Registration(username, PASSWORD));

    assertThat(account.username()).isEqualTo(username);
    assertThat(account.createdAt()).isEqualTo(backend.clock.instant());
    assertThat(backend.stores.accounts().findAccount(username)).contains(account);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ab",
        "abcdefghijklmnopqrstu",
        "Alice",
        "ALICE",
        "al ice",
        "al-ice",
        "al.ice",
        "alice!",
        "élise",
        " alice",
        "alice\n"
      })
  void refusesBrokenUsernameRulesWithTheRuleAsMessage(String username) {
    assertThat(violationMessages(() -> accounts.register(new Registration(username, PASSWORD))))
        .containsExactly(USERNAME_RULE);
    assertThat(backend.stores.accounts().findAccount(username)).isEmpty();
  }

  @Test
  void aSearchLongerThanAnyNameFindsNobody() {
    backend.register("bob");

    assertThat(backend.directory.search("b", PageRequest.first(20), Optional.empty()).items())
        .extracting(Person::username)
        .containsExactly("bob");
    assertThat(
            backend
                .directory
                .search("b".repeat(10_000), PageRequest.first(20), Optional.empty())
                .items())
        .isEmpty();
  }

  @Test
  void refusesAMissingUsername() {
    assertThat(violationMessages(() -> accounts.register(new Registration(null, PASSWORD))))
        .containsExactly("Please choose a username.");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7, 129})
  void refusesPasswordsOfTheWrongLength(int length) {
    assertThat(
            violationMessages(
                () -> accounts.register(new Registration("alice", "p".repeat(length)))))
        .containsExactly(PASSWORD_RULE);
    assertThat(backend.stores.accounts().findAccount("alice")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 128})
  void acceptsPasswordsAtTheLimits(int length) {
    accounts.register(new Registration("alice", "p".repeat(length)));

    assertThat(accounts.authenticate("alice", "p".repeat(length)).username()).isEqualTo("alice");
  }

  @Test
  void refusesAMissingPassword() {
    assertThat(violationMessages(() -> accounts.register(new Registration("alice", null))))
        .containsExactly("Please choose a password.");
  }

  @Test
  void reportsEveryBrokenRuleAtOnce() {
    assertThat(violationMessages(() -> accounts.register(new Registration("A", "short"))))
        .containsExactlyInAnyOrder(USERNAME_RULE, PASSWORD_RULE);
  }

  @Test
  void refusesATakenUsername() {
    Account first = accounts.register(new Registration("alice", PASSWORD));

    FlockException taken =
        catchThrowableOfType(
            FlockException.class,
            () -> accounts.register(new Registration("alice", "another password")));

    assertThat(taken.reason()).isEqualTo(Reason.ALREADY_EXISTS);
    assertThat(taken).hasMessage("The username 'alice' is taken. Please choose another one.");
    assertThat(backend.stores.accounts().findAccount("alice")).contains(first);
  }

  @Test
  void storesASaltedHashNotThePassword() {
    Account alice = accounts.register(new Registration("alice", PASSWORD));
    Account bob = accounts.register(new Registration("bob", PASSWORD));

    assertThat(alice.passwordHash()).doesNotContain(PASSWORD).startsWith("PBKDF2WithHmacSHA256:");
    assertThat(alice.passwordHash()).isNotEqualTo(bob.passwordHash());
  }

  @Test
  void authenticatesTheRightPassword() {
    Account registered = accounts.register(new Registration("alice", PASSWORD));

    assertThat(accounts.authenticate("alice", PASSWORD)).isEqualTo(registered);
  }

  @Test
  void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
    accounts.register(new Registration("alice", PASSWORD));

    FlockException wrongPassword = unauthenticated("alice", PASSWORD + "x");
    FlockException unknownUser = unauthenticated("alicia", PASSWORD);

    assertThat(wrongPassword).hasMessage("Wrong username or password.");
    assertThat(unknownUser).hasMessage(wrongPassword.getMessage());
  }

  @Test
  void authenticationIsCaseSensitiveAndRefusesMissingCredentials() {
    accounts.register(new Registration("alice", PASSWORD));

    unauthenticated("alice", PASSWORD.toUpperCase());
    unauthenticated("Alice", PASSWORD);
    unauthenticated("alice", null);
    unauthenticated(null, PASSWORD);
    unauthenticated("alice", "");
  }

  @Test
  void requireExistsAcceptsRegisteredNamesOnly() {
    accounts.register(new Registration("alice", PASSWORD));

    accounts.requireExists("alice");
    assertThatThrownBy(() -> accounts.requireExists("bob"))
        .isInstanceOfSatisfying(
            FlockException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
        .hasMessage("There is no user called 'bob'.");
    assertThatThrownBy(() -> accounts.requireExists(null))
        .isInstanceOfSatisfying(
            FlockException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
  }

  private FlockException unauthenticated(String username, String password) {
    FlockException failure =
        catchThrowableOfType(FlockException.class, () -> accounts.authenticate(username, password));
    assertThat(failure).as("authenticate(%s, %s)", username, password).isNotNull();
    assertThat(failure.reason()).isEqualTo(Reason.UNAUTHENTICATED);
    return failure;
  }

  private static List<String> violationMessages(Runnable call) {
    ConstraintViolationException failure =
        catchThrowableOfType(ConstraintViolationException.class, call::run);
    assertThat(failure).as("a ConstraintViolationException").isNotNull();
    return failure.getConstraintViolations().stream().map(ConstraintViolation::getMessage).toList();
  }
}
