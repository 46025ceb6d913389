package io.jnatsd.monitor;

import io.jnatsd.log.Log;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Date;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The last handler of a monitoring HTTP connection: takes a whole request, has
 * {@link MonitorRoutes} answer it on the monitor thread, and writes the response. Responses
 * leave in request order (one monitor thread, FIFO), so pipelining is safe.
 *
 * <p>Threading: {@link #channelRead0} runs on the channel's event loop and only copies what
 * the answer needs; the answer is built on the monitor executor and written from there
 * (Netty hands the write back to the event loop).
 */
final class MonitorHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final MonitorRoutes routes;
    private final Executor worker;
    private final Log log;

    MonitorHttpHandler(MonitorRoutes routes, Executor worker, Log log) {
        this.routes = routes;
        this.worker = worker;
        this.log = log;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            write(ctx, MonitorRoutes.Reply.of(400, MonitorRoutes.TEXT, "400 Bad Request"), false, false);
            return;
        }
        String uri = req.uri();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        boolean head = HttpMethod.HEAD.equals(req.method());
        try {
            worker.execute(() -> write(ctx, answer(uri), keepAlive, head));
        } catch (RejectedExecutionException e) {
            write(ctx, MonitorRoutes.Reply.of(503, MonitorRoutes.TEXT, "monitor busy, try again\n"), false, head);
        }
    }

    private MonitorRoutes.Reply answer(String uri) {
        try {
            return routes.handle(uri);
        } catch (RuntimeException e) {
            // a bug: log it with its trace and answer 500 rather than leave the client hanging
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            log.error("monitoring: error answering " + uri + ": " + trace);
            return MonitorRoutes.Reply.of(500, MonitorRoutes.TEXT, "internal error: " + e + "\n");
        }
    }

    private static void write(ChannelHandlerContext ctx, MonitorRoutes.Reply r, boolean keepAlive, boolean head) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        res.headers().set(HttpHeaderNames.DATE, DateFormatter.format(new Date()));
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        if (r.location() != null) {
            res.headers().set(HttpHeaderNames.LOCATION, r.location());
        }
        if (r.status() == 404) {
            res.headers().set("X-Content-Type-Options", "nosniff");
        }
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res, ctx.voidPromise());
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // reset by peer and the like: nothing to answer
        ctx.close();
    }
}
