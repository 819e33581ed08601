package dev.flock.backend.post;

import dev.flock.core.Limits;
import jakarta.validation.constraints.NotBlank;

/**
 * What a user submits; the constraints are the rules shown beside the compose box. The length is
 * counted in characters as people count them (an emoji is one), as {@link dev.flock.core.TextRules}
 * says.
 */
public record NewPost(
    @NotBlank(message = "A post cannot be empty.")
        @MaxCharacters(
            value = Limits.POST_MAX_LENGTH,
            message = "A post has at most {value} characters.")
        @PlainText(
            message = "A post cannot contain control characters or text-direction overrides.")
        String text) {}
