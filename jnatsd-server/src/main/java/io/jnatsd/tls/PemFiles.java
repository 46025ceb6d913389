package io.jnatsd.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files nats users have: certificate chains, and private keys in PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}) form,
 * the three that Go's tls.LoadX509KeyPair accepts. PKCS#1 and SEC1 keys are wrapped into PKCS#8,
 * which is all the JDK reads, with a few lines of DER rather than a crypto library.
 */
final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    /** DER of AlgorithmIdentifier { rsaEncryption, NULL }. */
    private static final byte[] RSA_ALGORITHM = {
            0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** DER of the OID id-ecPublicKey (1.2.840.10045.2.1). */
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private PemFiles() {
    }

    private record Block(String type, byte[] der) {
    }

    /** Every certificate of a PEM file, in file order. */
    static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (Block b : blocks(file)) {
            if (b.type().equals("CERTIFICATE")) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
            }
        }
        if (out.isEmpty()) {
            throw new CertificateException("no PEM certificate found in " + file);
        }
        return out;
    }

    /** The first private key of a PEM file. */
    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        for (Block b : blocks(file)) {
            switch (b.type()) {
                case "PRIVATE KEY":
                    return pkcs8(b.der(), "RSA", "EC", "Ed25519", "DSA");
                case "RSA PRIVATE KEY":
                    return pkcs8(wrap(RSA_ALGORITHM, b.der()), "RSA");
                case "EC PRIVATE KEY":
                    return pkcs8(wrap(ecAlgorithm(b.der()), b.der()), "EC");
                case "ENCRYPTED PRIVATE KEY":
                    throw new GeneralSecurityException("encrypted private keys are not supported: " + file);
                default:
                    // parameters ("EC PARAMETERS") or certificates before the key
            }
        }
        throw new GeneralSecurityException("no PEM private key found in " + file);
    }

    private static List<Block> blocks(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
        }
        return out;
    }

    private static PrivateKey pkcs8(byte[] der, String... algorithms) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String alg : algorithms) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("cannot read private key: " + last.getMessage(), last);
    }

    /** PrivateKeyInfo ::= SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING key }. */
    private static byte[] wrap(byte[] algorithm, byte[] key) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(key.length + 32);
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(algorithm);
        writeTlv(body, 0x04, key);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 4);
        writeTlv(out, 0x30, body.toByteArray());
        return out.toByteArray();
    }

    /**
     * AlgorithmIdentifier { id-ecPublicKey, namedCurve } for a SEC1 key, whose curve is its
     * {@code [0]} field: ECPrivateKey ::= SEQUENCE { INTEGER 1, OCTET STRING, [0] OID, [1] BIT STRING }.
     */
    private static byte[] ecAlgorithm(byte[] sec1) throws GeneralSecurityException {
        Der seq = new Der(sec1, 0);
        if (seq.tag != 0x30) {
            throw new GeneralSecurityException("EC PRIVATE KEY is not a DER sequence");
        }
        int p = seq.valueStart;
        while (p < seq.end) {
            Der field = new Der(sec1, p);
            if (field.tag == 0xa0) {
                Der oid = new Der(sec1, field.valueStart);
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                body.writeBytes(EC_PUBLIC_KEY_OID);
                body.write(sec1, oid.start, oid.end - oid.start);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                writeTlv(out, 0x30, body.toByteArray());
                return out.toByteArray();
            }
            p = field.end;
        }
        throw new GeneralSecurityException("EC PRIVATE KEY does not name its curve");
    }

    private static void writeTlv(ByteArrayOutputStream out, int tag, byte[] value) {
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(value);
    }

    /** One DER element header: tag, where its value starts, where it ends. */
    private static final class Der {
        final int tag;
        final int start;
        final int valueStart;
        final int end;

        Der(byte[] b, int at) throws GeneralSecurityException {
            if (at + 2 > b.length) {
                throw new GeneralSecurityException("truncated DER");
            }
            start = at;
            tag = b[at] & 0xff;
            int len = b[at + 1] & 0xff;
            int p = at + 2;
            if (len >= 0x80) {
                int bytes = len & 0x7f;
                if (bytes == 0 || bytes > 3 || p + bytes > b.length) {
                    throw new GeneralSecurityException("bad DER length");
                }
                len = 0;
                for (int i = 0; i < bytes; i++) {
                    len = (len << 8) | (b[p++] & 0xff);
                }
            }
            valueStart = p;
            end = p + len;
            if (end > b.length) {
                throw new GeneralSecurityException("truncated DER");
            }
        }
    }
}
