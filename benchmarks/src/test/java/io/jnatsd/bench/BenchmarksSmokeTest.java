package io.jnatsd.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs each benchmark's set-up (which checks its own results) and a few operations outside
 * JMH, at the small sizes, so a change that breaks a benchmark fails the build. Measures nothing.
 */
class BenchmarksSmokeTest {

    @Test
    void parserCountsEveryMessageWholeAndSplit() {
        for (int payload : new int[] {16, 1024}) {
            for (int readSize : new int[] {0, 4096, 7}) {
                ParserBenchmark b = new ParserBenchmark();
                b.payload = payload;
                b.readSize = readSize;
                b.setup();
                assertEquals(2L * ParserBenchmark.MESSAGES, b.parse(), "payload " + payload + ", reads of " + readSize);
                assertEquals(2L * ParserBenchmark.MESSAGES * payload, b.handler.payloadBytes);
            }
        }
    }

    @Test
    void sublistMatchesLiteralAndWildcardInEveryCacheMode() {
        for (String subject : new String[] {"literal", "wildcard"}) {
            for (String cache : new String[] {"hit", "shared", "miss"}) {
                SublistBenchmark b = new SublistBenchmark();
                b.subscriptions = 1000;
                b.subject = subject;
                b.cache = cache;
                b.setup();
                for (int i = 0; i < 1000; i++) {
                    assertEquals(b.expectedMatches, b.match().psubs.length, subject + "/" + cache);
                }
            }
        }
    }

    @Test
    void fanoutDeliversToEverySubscriberAndLeavesNothingBehind() throws Exception {
        for (int subscribers : new int[] {1, 10}) {
            FanoutBenchmark b = new FanoutBenchmark();
            b.subscribers = subscribers;
            b.payload = 16;
            b.setup(); // checks the bytes of one and of 32 messages
            for (int i = 0; i < 100; i++) {
                assertEquals(b.fanoutBytes, b.perRead1());
                assertEquals(b.fanoutBytes * FanoutBenchmark.BATCH, b.perRead32());
            }
            b.checkFlat();
            assertEquals(subscribers, b.server.sublist().count());
            b.tearDown();
            assertEquals(0, b.server.sublist().count(), "closing the channels removes the subscriptions");
        }
    }
}
