package io.jnatsd.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Coverage-guided fuzzing of {@link ConnectReader#read}: any bytes give options or null, never
 * an exception, and the answer depends only on the given range of the array.
 */
class ConnectReaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyBytesGiveOptionsOrNullAndOnlyTheRangeCounts(byte[] json) {
        ConnectOptions alone = ConnectReader.read(json, 0, json.length);

        // the same bytes inside a larger buffer, surrounded by something that would change the answer
        byte[] framed = new byte[json.length + 16];
        Arrays.fill(framed, (byte) '}');
        System.arraycopy(json, 0, framed, 7, json.length);
        ConnectOptions inFrame = ConnectReader.read(framed, 7, json.length);

        assertEquals(describe(alone), describe(inFrame), "the bytes around the range must not matter");
        if (alone != null) {
            assertNotNull(alone.toString());
        }
    }

    private static String describe(ConnectOptions o) {
        if (o == null) {
            return "null";
        }
        return String.join(",", String.valueOf(o.verbose), String.valueOf(o.pedantic), String.valueOf(o.tlsRequired),
                o.authToken, o.user, o.pass, o.name, o.lang, o.version, String.valueOf(o.protocol),
                String.valueOf(o.echo), String.valueOf(o.headers), String.valueOf(o.noResponders), o.sig, o.jwt,
                o.nkey, o.account, String.valueOf(o.newAccount));
    }
}
