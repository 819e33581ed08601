package dev.flock.backend.storage.memory;

import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
import dev.flock.backend.storage.PostStore;
import dev.flock.backend.storage.StorageCall;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/** {@link PostStore} in memory: a timeline per author and everyone's, sorted by id. */
@ApplicationScoped
@Typed(MemoryPostStore.class)
@StorageCall
public class MemoryPostStore implements PostStore {

  private MemoryState state;

  protected MemoryPostStore() {} // for CDI proxies

  @Inject
  public MemoryPostStore(MemoryState state) {
    this.state = state;
  }

  @Override
  public boolean savePost(Post post, Session author) {
    boolean saved = state.whileSignedIn(author, () -> state.addPost(post));
    return saved || state.timeline(post.author()).contains(post.id()); // or a retry of a saved post
  }

  @Override
  public ReplyOutcome saveReply(Post reply, Session author) {
    ReplyOutcome[] outcome = {ReplyOutcome.SIGNED_OUT};
    state.whileSignedIn(
        author,
        () -> outcome[0] = state.addReply(reply) ? ReplyOutcome.SAVED : ReplyOutcome.NO_SUCH_POST);
    boolean retried = state.timeline(reply.author()).contains(reply.id());
    return retried ? ReplyOutcome.SAVED : outcome[0];
  }

  @Override
  public List<Post> repliesTo(String postId, Optional<String> after, int limit) {
    return state.repliesTo(postId, after, limit);
  }

  @Override
  public List<Post> postsBy(String author, Optional<String> before, int limit) {
    return state.timeline(author).newestFirst(before, limit);
  }

  @Override
  public List<Post> everyonesPosts(Optional<String> before, int limit) {
    return state.everyonesPosts(before, limit);
  }

  @Override
  public List<Post> postsById(List<String> ids) {
    return state.postsById(ids);
  }

  @Override
  public List<Post> mentionsOf(String username, Optional<String> before, int limit) {
    return state.mentionsOf(username, before, limit);
  }

  @Override
  public List<Post> taggedWith(String tag, Optional<String> before, int limit) {
    return state.taggedWith(tag, before, limit);
  }

  @Override
  public void forgetMentionsOf(String username) {
    state.forgetMentionsOf(username);
  }

  @Override
  public long postCount(String author) {
    return state.timeline(author).count();
  }

  @Override
  public int deletePostsOf(String author, int limit) {
    return state.removeNewestPosts(author, limit);
  }
}
