package dev.flock.backend.account;

import dev.flock.core.Limits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What a new user types in; the constraints are the sign-up rules shown on the page. */
public record Registration(
    @NotNull(message = "Please choose a username.")
        @Pattern(
            regexp = "[a-z0-9_]{3," + Limits.USERNAME_MAX_LENGTH + "}",
            message =
                "A username has 3 to "
                    + Limits.USERNAME_MAX_LENGTH
                    + " characters: lowercase letters a-z, digits 0-9 and _.")
        String username,
    @NotNull(message = "Please choose a password.")
        @Size(min = 8, max = 128, message = "A password has 8 to 128 characters.")
        String password) {}
