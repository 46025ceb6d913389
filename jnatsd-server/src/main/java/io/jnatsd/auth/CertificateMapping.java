package io.jnatsd.auth;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * {@code verify_and_map}: finds the configured user a verified client certificate stands for,
 * in nats-server 2.9's order (auth.go, checkClientTLSCertSubject): email SANs, DNS SANs, URI
 * SANs, then the subject as a distinguished name (equal, then with its RDNs in any order), then
 * the subject as a string: nats-server's legacy form (domain components appended) and RFC 2253.
 */
final class CertificateMapping {

    private static final int SAN_EMAIL = 1;
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;
    private static final String DC = "DC";
    /** Names nats-server's internal/ldap knows beyond Java's RFC 2253 keywords. */
    private static final Map<String, String> OID_NAMES = Map.of("2.5.4.5", "SERIALNUMBER", "2.5.4.17", "POSTALCODE");
    /** The attribute types nats-server's FromRawCertSubject accepts; others make the DN unusable. */
    private static final Set<String> DN_TYPES =
            Set.of("CN", "SERIALNUMBER", "C", "L", "ST", "STREET", "O", "OU", "POSTALCODE", DC);

    private CertificateMapping() {
    }

    /** @return the user, or null when none matches */
    static User find(X509Certificate cert, Map<String, User> users) {
        if (cert == null || users.isEmpty()) {
            return null;
        }
        for (int type : new int[] {SAN_EMAIL, SAN_DNS, SAN_URI}) {
            for (String name : sans(cert, type)) {
                User u = users.get(name);
                if (u != null) {
                    return u;
                }
            }
        }
        X500Principal subject = cert.getSubjectX500Principal();
        String rfc2253 = subject.getName(X500Principal.RFC2253, OID_NAMES);
        List<Set<String>> certDn = dn(rfc2253, true);
        if (certDn != null && !certDn.isEmpty()) {
            List<User> parsed = new ArrayList<>();
            List<List<Set<String>>> dns = new ArrayList<>();
            for (User u : users.values()) {
                List<Set<String>> userDn = dn(u.username(), false);
                if (userDn == null || userDn.isEmpty()) {
                    continue;
                }
                if (userDn.equals(certDn)) {
                    return u;
                }
                parsed.add(u);
                dns.add(userDn);
            }
            for (int i = 0; i < parsed.size(); i++) {
                List<Set<String>> userDn = dns.get(i);
                if (userDn.size() == certDn.size() && certDn.containsAll(userDn)) {
                    return parsed.get(i);
                }
            }
        }
        for (String name : subjectStrings(rfc2253)) {
            User u = users.get(name);
            if (u != null) {
                return u;
            }
        }
        return null;
    }

    private static List<String> sans(X509Certificate cert, int type) {
        Collection<List<?>> all;
        try {
            all = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (all == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (List<?> san : all) {
            if (san.size() >= 2 && san.get(0) instanceof Integer t && t == type && san.get(1) instanceof String s) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * A DN as its RDNs, most specific first, each a set of "TYPE=value" (types compared
     * case-insensitively, values exactly, as nats-server's ldap package does); null when it does
     * not parse or, for a certificate, has a type nats-server cannot name.
     */
    private static List<Set<String>> dn(String name, boolean certificate) {
        LdapName ldap;
        try {
            ldap = new LdapName(name);
        } catch (InvalidNameException | IllegalArgumentException e) {
            return null;
        }
        List<Rdn> rdns = ldap.getRdns();
        List<Set<String>> out = new ArrayList<>(rdns.size());
        for (int i = rdns.size() - 1; i >= 0; i--) {
            Set<String> rdn = new HashSet<>();
            try {
                var attrs = rdns.get(i).toAttributes().getAll();
                while (attrs.hasMore()) {
                    var a = attrs.next();
                    String type = a.getID().toUpperCase(Locale.ROOT);
                    if (certificate && !DN_TYPES.contains(type)) {
                        return null;
                    }
                    var values = a.getAll();
                    while (values.hasMore()) {
                        Object v = values.next();
                        if (!(v instanceof String s)) {
                            return null;
                        }
                        rdn.add(type + "=" + s);
                    }
                }
            } catch (javax.naming.NamingException e) {
                return null;
            }
            out.add(rdn);
        }
        return out;
    }

    /**
     * The subject as a string: when there are domain components, first the legacy form of
     * nats-server (the other RDNs, then the domain components in the certificate's order), then
     * RFC 2253 (most specific first).
     */
    private static List<String> subjectStrings(String rfc2253) {
        List<String> out = new ArrayList<>();
        LdapName ldap;
        try {
            ldap = new LdapName(rfc2253);
        } catch (InvalidNameException | IllegalArgumentException e) {
            return List.of(rfc2253);
        }
        List<String> rest = new ArrayList<>();
        List<String> dcs = new ArrayList<>();
        List<Rdn> rdns = ldap.getRdns();
        for (int i = rdns.size() - 1; i >= 0; i--) {
            Rdn r = rdns.get(i);
            if (DC.equalsIgnoreCase(r.getType()) && r.getValue() instanceof String v) {
                dcs.add(0, DC + "=" + v);
            } else {
                rest.add(r.toString());
            }
        }
        if (!dcs.isEmpty()) {
            List<String> all = new ArrayList<>(rest);
            all.addAll(dcs);
            out.add(String.join(",", all));
        }
        out.add(rfc2253);
        return out;
    }
}
