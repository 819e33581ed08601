package dev.flock.backend.post;

import dev.flock.core.TextRules;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** No character a post may not carry ({@link TextRules#hasForbiddenCharacter}). */
@Constraint(validatedBy = PlainText.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface PlainText {
  String message();

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Null is valid: {@code @NotBlank} says what is missing. */
  final class Check implements ConstraintValidator<PlainText, String> {
    @Override
    public boolean isValid(String text, ConstraintValidatorContext context) {
      return text == null || !TextRules.hasForbiddenCharacter(text);
    }
  }
}
