package dev.flock.web.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flock.web.backend.PageView;
import dev.flock.web.backend.PostView;
import jakarta.el.ELContext;
import jakarta.el.ELResolver;
import jakarta.el.FunctionMapper;
import jakarta.el.PropertyNotWritableException;
import jakarta.el.VariableMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordPropertiesTest {

  private final RecordProperties resolver = new RecordProperties();
  private final PostView post = PostView.of("id1", "alice", "hello", Instant.EPOCH);

  @Test
  void readsARecordComponentAsAProperty() {
    ELContext context = new Context();

    assertThat(resolver.getValue(context, post, "text")).isEqualTo("hello");
    assertThat(context.isPropertyResolved()).isTrue();
  }

  @Test
  void readsComponentsOfGenericRecords() {
    ELContext context = new Context();
    var page = new PageView<>(List.of(post), "next");

    assertThat(resolver.getValue(context, page, "items")).isEqualTo(List.of(post));
    assertThat(resolver.getValue(context, page, "nextCursor")).isEqualTo("next");
  }

  @Test
  void leavesEverythingElseToTheOtherResolvers() {
    ELContext context = new Context();

    assertThat(resolver.getValue(context, post, "hashCode")).isNull(); // a method, not a component
    assertThat(resolver.getValue(context, "not a record", "length")).isNull();
    assertThat(resolver.getValue(context, null, "post")).isNull();
    assertThat(context.isPropertyResolved()).isFalse();
    assertThat(resolver.getCommonPropertyType(context, "not a record")).isNull();
  }

  @Test
  void componentsAreReadOnly() {
    ELContext context = new Context();

    assertThat(resolver.isReadOnly(context, post, "text")).isTrue();
    assertThat(resolver.getType(context, post, "text")).isNull();
    assertThatThrownBy(() -> resolver.setValue(context, post, "text", "changed"))
        .isInstanceOf(PropertyNotWritableException.class);
    assertThat(post.text()).isEqualTo("hello");
  }

  /** The least an ELContext needs; the resolver uses only its "resolved" flag. */
  private final class Context extends ELContext {
    @Override
    public ELResolver getELResolver() {
      return resolver;
    }

    @Override
    public FunctionMapper getFunctionMapper() {
      return null;
    }

    @Override
    public VariableMapper getVariableMapper() {
      return null;
    }
  }
}
