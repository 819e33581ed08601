package dev.flock.backend.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Passwords are hashed with Jakarta Security's PBKDF2 (HMAC-SHA256, 32-byte salt, 32-byte hash).
 * The iteration count is the cost: {@code flock.password.iterations}, default 100,000.
 */
@ApplicationScoped
public class PasswordHashing {

  /** Verified when a name is unknown, so a wrong name costs as long as a wrong password. */
  private String decoy;

  private Pbkdf2PasswordHash pbkdf2;

  protected PasswordHashing() {} // for CDI proxies

  @Inject
  public PasswordHashing(
      Pbkdf2PasswordHash pbkdf2,
      @ConfigProperty(name = "flock.password.iterations") int iterations) {
    this.pbkdf2 = pbkdf2;
    pbkdf2.initialize(
        Map.of(
            "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
            "Pbkdf2PasswordHash.Iterations", Integer.toString(iterations),
            "Pbkdf2PasswordHash.SaltSizeBytes", "32",
            "Pbkdf2PasswordHash.KeySizeBytes", "32"));
    this.decoy = pbkdf2.generate("decoy password".toCharArray());
  }

  public String hash(String password) {
    return pbkdf2.generate(password.toCharArray());
  }

  public boolean matches(String password, String hash) {
    return pbkdf2.verify(password.toCharArray(), hash);
  }

  /** Spends the time of one verification without any account to check. */
  public void spendVerificationTime(String password) {
    pbkdf2.verify(password.toCharArray(), decoy);
  }
}
