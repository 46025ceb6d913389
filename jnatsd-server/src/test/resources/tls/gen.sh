#!/bin/sh
# Regenerates the test-only certificates of io.jnatsd.tls tests (run from this directory).
# Never use these keys for anything else: they are public.
set -e
days=36500
# CA that signs the server and the trusted client
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days $days -subj "/CN=jnatsd test CA"
# server: PKCS#8 RSA key, SAN localhost and 127.0.0.1
openssl req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr -subj "/CN=localhost"
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server-cert.pem -days $days -extfile server.ext
# the same server key in PKCS#1 ("BEGIN RSA PRIVATE KEY"), as older nats setups have it
openssl rsa -in server-key.pem -traditional -out server-key-pkcs1.pem
# an EC server key in SEC1 ("BEGIN EC PRIVATE KEY") with its certificate
openssl ecparam -name prime256v1 -genkey -noout -out server-ec-key.pem
openssl req -new -key server-ec-key.pem -out server-ec.csr -subj "/CN=localhost"
openssl x509 -req -in server-ec.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server-ec-cert.pem -days $days -extfile server.ext
# client signed by the CA, with an email SAN (for verify_and_map)
openssl req -newkey rsa:2048 -nodes -keyout client-key.pem -out client.csr -subj "/CN=alice/O=jnatsd"
printf 'subjectAltName=email:alice@example.com\nextendedKeyUsage=clientAuth\n' > client.ext
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out client-cert.pem -days $days -extfile client.ext
# client signed by nobody the server trusts
openssl req -x509 -newkey rsa:2048 -nodes -keyout untrusted-key.pem -out untrusted-cert.pem -days $days -subj "/CN=mallory"
# route certificates: a route is a TLS server and client at once, so both key usages
openssl req -newkey rsa:2048 -nodes -keyout route-key.pem -out route.csr -subj "/CN=route"
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n' > route.ext
openssl x509 -req -in route.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out route-cert.pem -days $days -extfile route.ext
# the same route key with a certificate naming only localhost: dialling 127.0.0.1 must fail its check
printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n' > route-dns.ext
openssl x509 -req -in route.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out route-dns-cert.pem -days $days -extfile route-dns.ext
# expired server certificate (valid 2020-01-01 to 2020-01-02), same key as the server
mkdir -p ca.d && : > ca.d/index.txt && echo 01 > ca.d/serial
cat > ca.d/ca.cnf <<'CNF'
[ca]
default_ca = test
[test]
database = ca.d/index.txt
serial = ca.d/serial
new_certs_dir = ca.d
default_md = sha256
policy = any
copy_extensions = none
x509_extensions = ext
[any]
commonName = supplied
[ext]
subjectAltName = DNS:localhost,IP:127.0.0.1
CNF
openssl ca -batch -config ca.d/ca.cnf -cert ca.pem -keyfile ca-key.pem -in server.csr -out expired-cert.pem \
  -startdate 20200101000000Z -enddate 20200102000000Z -notext
rm -rf ca.d *.csr *.ext *.srl
