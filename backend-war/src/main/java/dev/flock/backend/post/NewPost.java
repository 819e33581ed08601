package dev.flock.backend.post;

import dev.flock.core.Limits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What a user submits; the constraints are the rules shown beside the compose box. */
public record NewPost(
    @NotBlank(message = "A post cannot be empty.")
        @Size(max = Limits.POST_MAX_LENGTH, message = "A post has at most {max} characters.")
        String text) {}
