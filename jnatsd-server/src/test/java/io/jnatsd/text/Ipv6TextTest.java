package io.jnatsd.text;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Ipv6TextTest {

    @Test
    void ipv6IsPrintedAsGoDoes() throws Exception {
        assertEquals("::1", Ipv6Text.format(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
        assertEquals("fe80::fc:ff:fe00:1", Ipv6Text.format(new byte[] {
                (byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, (byte) 0xfc, 0, (byte) 0xff, (byte) 0xfe, 0, 0, 1}));
        assertEquals("fd00::2", Ipv6Text.format(new byte[] {(byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}));
        assertEquals("1:0:2::3", Ipv6Text.format(new byte[] {0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3}));
        assertEquals("fd00::2", Ipv6Text.format(InetAddress.getByName("fd00:0:0:0:0:0:0:2").getAddress()));
        assertEquals("2001:db8::1:0:0:1", Ipv6Text.format(InetAddress.getByName("2001:db8:0:0:1:0:0:1").getAddress()));
    }
}
