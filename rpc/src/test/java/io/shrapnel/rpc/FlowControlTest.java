package io.shrapnel.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shrapnel.rpc.test.Greeter;
import io.shrapnel.rpc.test.HelloReply;
import io.shrapnel.rpc.test.HelloRequest;
import org.junit.jupiter.api.Test;

/**
 * The exact points where a stream's reader gives credit back: after half the message window, or
 * half the byte window, has been read. The producer (the test service) counts what it has sent.
 */
class FlowControlTest {
    @Test
    void theReaderGrantsCreditOnceHalfTheMessageWindowIsRead() throws Exception {
        TestGreeter greeter = new TestGreeter();
        RpcFixture.run(RpcConfig.DEFAULT, greeter, (server, channel) -> {
            try (Responses<HelloReply> replies = Greeter.client(channel)
                    .repeat(HelloRequest.newBuilder().setName("w").setCount(100).build())) {
                RpcFixture.waitFor(() -> greeter.produced == Credits.INITIAL, "the first window to be sent");
                for (int i = 0; i < Credits.INITIAL / 2; i++) {
                    assertEquals("w " + i, replies.receive().getMessage());
                }
                RpcFixture.waitFor(() -> greeter.produced == Credits.INITIAL * 3 / 2, "half a window more");
            }
        });
    }

    @Test
    void theReaderGrantsCreditOnceHalfTheByteWindowIsRead() throws Exception {
        TestGreeter greeter = new TestGreeter();
        int size = 256 << 10;
        String name = "b".repeat(size - 6); // "<name> <digit>": replies of exactly 256 KiB (tag, 3-byte length)
        int perHalfWindow = (int) (Credits.INITIAL_BYTES / 2 / size);
        RpcFixture.run(RpcConfig.DEFAULT, greeter, (server, channel) -> {
            try (Responses<HelloReply> replies = Greeter.client(channel)
                    .repeat(HelloRequest.newBuilder().setName(name).setCount(10).build())) {
                RpcFixture.waitFor(() -> greeter.produced == 2 * perHalfWindow, "the first byte window to be sent");
                for (int i = 0; i < perHalfWindow; i++) {
                    assertEquals(size, replies.receive().getSerializedSize());
                }
                RpcFixture.waitFor(() -> greeter.produced == 3 * perHalfWindow, "half a byte window more");
            }
        });
    }
}
