package io.shrapnel.benchmarks.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.shrapnel.codecs.http.HttpServer;
import io.shrapnel.codecs.http.Limits;
import io.shrapnel.kernel.Scheduler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * HTTP servers for {@link IdleConnectionMemory} (kinds {@code http-shrapnel}, {@code http-netty-nio},
 * {@code http-netty-epoll}): each answers every request with 200 "ok" and keeps connections alive;
 * the harness's connections send no request (what a server keeps for a connection opened ahead of its
 * first request), or with its {@code request} argument one request each (what it keeps for a
 * kept-alive connection between requests). Ours: {@link HttpServer} on one loop; Netty's: one
 * event loop, {@code HttpServerCodec} and a handler, the usual pipeline. Both with limits and
 * timeouts out of the way (a million connections, an hour to the first request).
 *
 * <p>Threading: each server runs on its own loop thread; {@code accepted()} asks that loop.
 */
final class HttpIdleServers {
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

    private HttpIdleServers() {}

    static EchoServers.Server shrapnel(int port) throws Exception {
        Scheduler loop = Scheduler.create("http").start();
        Limits limits = Limits.defaults().withMaxConnections(1_000_000).withMaxConnectionsPerAddress(1_000_000)
                .withFirstRequestTimeout(java.time.Duration.ofHours(1)).withIdleTimeout(java.time.Duration.ofHours(1));
        HttpServer server = onLoop(loop, () -> HttpServer.builder()
                .address(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), port))
                .limits(limits)
                .handler((req, res) -> res.send(OK)).build().start());
        int bound = onLoop(loop, server::port);
        return new EchoServers.Server() {
            @Override
            public int port() {
                return bound;
            }

            @Override
            public long accepted() {
                try {
                    return onLoop(loop, server::accepted);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private static <T> T onLoop(Scheduler loop, java.util.concurrent.Callable<T> fn) throws Exception {
        return io.shrapnel.kernel.testing.OnLoop.call(loop, fn);
    }

    /** Answers each request with 200 "ok", kept alive. */
    private static final class Ok extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            EchoServers.CONNECTIONS.incrementAndGet();
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest) {
                    DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                            Unpooled.wrappedBuffer(OK));
                    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, OK.length);
                    ctx.write(res);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    static EchoServers.Server netty(int port, boolean epoll) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Channel ch = new ServerBootstrap()
                .group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(new HttpServerCodec(), new Ok());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), port)).sync().channel();
        int bound = ((InetSocketAddress) ch.localAddress()).getPort();
        return () -> bound;
    }
}
