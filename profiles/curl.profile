# SPDX-License-Identifier: MIT
# curl: an HTTP(S) client, with name resolution, certificates and ports 80 and 443
#
#     landbox run --profile curl -- curl -sS https://example.org/
#     landbox run --profile auto --rw out -- curl -sS -o out/page.html https://example.org/
# Grant where it writes yourself (--rw DIR for -o DIR/FILE), and any other
# port it connects to (--connect-tcp 8080).
#
# What it grants, and why:
# - everything of the base profile (curl, libcurl and the TLS, HTTP/2 and
#   compression libraries it uses, the time zones);
# - everything of the net-client profile: the resolver's configuration,
#   the trusted certificate authorities, OpenSSL's configuration, TCP
#   connections to ports 53, 80 and 443 (Landlock ABI 4 and later: on older
#   kernels landbox refuses, as it cannot restrict TCP there);
# - no configuration file: curl reads none of the system's, and ~/.curlrc
#   is your data, which stays denied (so does ~/.netrc, which holds
#   passwords): curl runs as with -q;
# - the proxy variables, when you have them set: http_proxy, https_proxy,
#   HTTPS_PROXY, all_proxy, ALL_PROXY, no_proxy, NO_PROXY (the proxy's port
#   must be granted with --connect-tcp), and CURL_CA_BUNDLE,
#   SSL_CERT_FILE, SSL_CERT_DIR (grant the files with --ro).
#
# What it does not grant: your home (~/.curlrc, ~/.netrc, cookies), writing
# anything (curl writes to its standard output unless -o: add --rw DIR),
# binding or listening, other ports.
programs curl

include base
include net-client
env http_proxy
env https_proxy
env HTTPS_PROXY
env all_proxy
env ALL_PROXY
env no_proxy
env NO_PROXY
env CURL_CA_BUNDLE
env SSL_CERT_FILE
env SSL_CERT_DIR
