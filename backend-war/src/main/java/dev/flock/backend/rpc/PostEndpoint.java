package dev.flock.backend.rpc;

import static dev.flock.backend.rpc.Messages.reply;

import dev.flock.backend.like.PostLikes;
import dev.flock.backend.limits.RateLimits;
import dev.flock.backend.paging.PageRequest;
import dev.flock.backend.post.NewPost;
import dev.flock.backend.post.Post;
import dev.flock.backend.post.Posts;
import dev.flock.backend.session.Session;
import dev.flock.backend.storage.LikeStore.Likes;
import dev.flock.core.TextRules;
import dev.flock.grpc.v1.CreatePostRequest;
import dev.flock.grpc.v1.CreatePostResponse;
import dev.flock.grpc.v1.GetThreadRequest;
import dev.flock.grpc.v1.LikePostRequest;
import dev.flock.grpc.v1.LikePostResponse;
import dev.flock.grpc.v1.ListLikedPostsRequest;
import dev.flock.grpc.v1.ListMentionsRequest;
import dev.flock.grpc.v1.ListPostsByAuthorRequest;
import dev.flock.grpc.v1.ListTaggedRequest;
import dev.flock.grpc.v1.PostPage;
import dev.flock.grpc.v1.PostServiceGrpc;
import dev.flock.grpc.v1.PostThread;
import dev.flock.grpc.v1.UnlikePostRequest;
import dev.flock.grpc.v1.UnlikePostResponse;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Dependent
public class PostEndpoint extends PostServiceGrpc.PostServiceImplBase {

  @Inject Posts posts;
  @Inject Caller caller;
  @Inject RateLimits limits;
  @Inject PostLikes likes;

  @Override
  public void createPost(CreatePostRequest request, StreamObserver<CreatePostResponse> response) {
    Session session = caller.session();
    limits.post(session.username());
    NewPost draft = new NewPost(request.getText());
    var post =
        request.getInReplyTo().isEmpty()
            ? posts.publish(session, draft)
            : posts.reply(session, request.getInReplyTo(), draft);
    reply(response, CreatePostResponse.newBuilder().setPost(Messages.post(post)).build());
  }

  @Override
  public void listPostsByAuthor(
      ListPostsByAuthorRequest request, StreamObserver<PostPage> response) {
    var page =
        posts.byAuthor(
            TextRules.username(request.getAuthor()),
            PageRequest.of(request.getCursor(), request.getPageSize()));
    reply(response, Messages.postPage(page, likes.of(page.items(), caller.usernameIfSignedIn())));
  }

  @Override
  public void getThread(GetThreadRequest request, StreamObserver<PostThread> response) {
    Posts.Thread thread =
        posts.thread(
            request.getPostId(), PageRequest.of(request.getCursor(), request.getPageSize()));
    List<Post> shown = new ArrayList<>(thread.replies().items());
    shown.add(thread.post());
    thread.answered().ifPresent(shown::add);
    Map<String, Likes> liked = likes.of(shown, caller.usernameIfSignedIn());
    PostThread.Builder message =
        PostThread.newBuilder()
            .setPost(Messages.post(thread.post(), liked.get(thread.post().id())))
            .setReplies(Messages.postPage(thread.replies(), liked));
    thread
        .answered()
        .ifPresent(
            answered -> message.setAnswered(Messages.post(answered, liked.get(answered.id()))));
    reply(response, message.build());
  }

  @Override
  public void likePost(LikePostRequest request, StreamObserver<LikePostResponse> response) {
    Session session = caller.session();
    limits.like(session.username());
    likes.like(session, request.getPostId());
    reply(response, LikePostResponse.getDefaultInstance());
  }

  @Override
  public void unlikePost(UnlikePostRequest request, StreamObserver<UnlikePostResponse> response) {
    likes.unlike(caller.username(), request.getPostId());
    reply(response, UnlikePostResponse.getDefaultInstance());
  }

  @Override
  public void listMentions(ListMentionsRequest request, StreamObserver<PostPage> response) {
    String me = caller.username();
    var page = posts.mentioning(me, PageRequest.of(request.getCursor(), request.getPageSize()));
    reply(response, Messages.postPage(page, likes.of(page.items(), Optional.of(me))));
  }

  @Override
  public void listTagged(ListTaggedRequest request, StreamObserver<PostPage> response) {
    var page =
        posts.tagged(request.getTag(), PageRequest.of(request.getCursor(), request.getPageSize()));
    reply(response, Messages.postPage(page, likes.of(page.items(), caller.usernameIfSignedIn())));
  }

  @Override
  public void listLikedPosts(ListLikedPostsRequest request, StreamObserver<PostPage> response) {
    var page =
        likes.likedBy(
            TextRules.username(request.getUsername()),
            PageRequest.of(request.getCursor(), request.getPageSize()));
    reply(response, Messages.postPage(page, likes.of(page.items(), caller.usernameIfSignedIn())));
  }
}
