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

/** At most {@link #value} characters as people count them ({@link TextRules#length}). */
@Constraint(validatedBy = MaxCharacters.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface MaxCharacters {
  int value();

  String message();

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Null is valid: {@code @NotBlank} says what is missing. */
  final class Check implements ConstraintValidator<MaxCharacters, String> {
    private int max;

    @Override
    public void initialize(MaxCharacters constraint) {
      max = constraint.value();
    }

    @Override
    public boolean isValid(String text, ConstraintValidatorContext context) {
      return text == null || TextRules.length(text) <= max;
    }
  }
}
