#!/usr/bin/env bash
# Regenerates the sandbox's TLS material: a CA and a server certificate for
# 127.0.0.1 / localhost signed by it. The sandbox's Kubernetes API serves the
# server certificate and DescribeCluster hands out the CA, so clients verify TLS
# exactly as against a real EKS endpoint. Sandbox-only: the keys are public.
#
# The CA key is thrown away: nothing else is ever signed with it, and a fresh
# run replaces all three files together.
set -euo pipefail
cd "$(dirname "$0")"

days=10958 # 30 years: tests must not start failing on an expired certificate
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

openssl ecparam -name prime256v1 -genkey -noout -out "$work/ca.key"
openssl req -x509 -new -sha256 -key "$work/ca.key" -days "$days" \
  -subj "/O=EKS Pod Identity sandbox/CN=EKS Pod Identity sandbox CA" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out ca.crt

openssl ecparam -name prime256v1 -genkey -noout -out "$work/server.key"
openssl pkcs8 -topk8 -nocrypt -in "$work/server.key" -out server.key
openssl req -new -sha256 -key server.key \
  -subj "/O=EKS Pod Identity sandbox/CN=127.0.0.1" -out "$work/server.csr"
cat > "$work/server.ext" <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost
authorityKeyIdentifier=keyid
subjectKeyIdentifier=hash
EXT
openssl x509 -req -sha256 -in "$work/server.csr" -CA ca.crt -CAkey "$work/ca.key" \
  -CAcreateserial -CAserial "$work/ca.srl" -days "$days" -extfile "$work/server.ext" \
  -out server.crt

openssl verify -CAfile ca.crt server.crt
