# SPDX-License-Identifier: MIT
# Network client: name resolution, TLS certificates, TCP connections to ports 53, 80, 443
#
# Add it to base for programs that fetch things over HTTP(S):
#     landbox run --profile base --profile net-client -- /usr/bin/curl -sS https://example.org/
# It does not include base, so that it can be added to any other set of rules.
#
# A line whose option ends with "?" is optional (see landbox-profile(5)):
# where its path does not exist it is skipped without a word, and where the
# kernel cannot enforce its feature it is left out with a note at log level
# info, instead of making landbox refuse to run.
#
# What it grants, and why:
# - read on the resolver's configuration, the files of it that exist:
#   /etc/hosts, /etc/resolv.conf, /etc/host.conf, /etc/nsswitch.conf (also
#   in base), which getaddrinfo reads before it sends a query, /etc/gai.conf
#   (the order of the addresses it returns), /etc/services and
#   /etc/protocols (service and protocol names, such as "https");
# - read on the trusted certificate authorities, where the system keeps
#   them: /etc/ssl/certs on Debian, Ubuntu, Arch and Alpine (the bundle
#   ca-certificates.crt and one file per authority, linked into
#   /usr/share/ca-certificates, which base covers), /etc/pki/tls/certs and
#   /etc/pki/ca-trust/extracted on Fedora and RHEL (where /etc/ssl/certs is a
#   link to the first, whose bundle links into the second).
#   /etc/ssl/private and /etc/pki/tls/private, where the machine's own
#   private keys live, stay denied;
# - read on OpenSSL's configuration, /etc/ssl/openssl.cnf (Debian, Ubuntu,
#   Arch) or /etc/pki/tls/openssl.cnf (Fedora, RHEL), with the system-wide
#   crypto policy it includes on Fedora and RHEL
#   (/etc/crypto-policies/back-ends).  curl and Python start without it;
#   Node.js refuses to;
# - TCP connections to port 53 (DNS over TCP, used when an answer does not fit
#   in a UDP datagram), 80 (HTTP) and 443 (HTTPS), to any address;
# - UDP to port 53 (ordinary DNS queries), on kernels that restrict UDP.
#
# What it does not grant:
# - TCP on any other port (a proxy on 3128 or 8080, SSH, databases: add
#   --connect-tcp PORT), binding or listening (--bind-tcp), UNIX sockets
#   (--unix), the proxy variables (add "env https_proxy" and the like);
# - addresses: Landlock filters TCP by port only, so port 443 of every host,
#   127.0.0.1 included, is reachable.
#
# Kernels: TCP port rules need Landlock ABI 4 (Linux 6.7).  On older kernels
# landbox refuses to run with this profile, because it cannot restrict TCP at
# all there (--best-effort runs anyway, with the network unrestricted).  UDP
# is restricted from ABI 10 (Linux 7.2) on: there landbox denies UDP by
# default and the "connect-udp? 53" line lets DNS queries through; on older
# kernels, which cannot tell UDP ports apart, that optional line is left out
# (a plain "connect-udp 53" would make landbox refuse to run on them) and
# keeps UDP open on every port: the seccomp filter that closes UDP there by
# default leaves it open for this profile (see "THE SECCOMP LAYER" in
# landbox(1)).  Netlink stays closed: the C library's getaddrinfo falls back
# without it (AI_ADDRCONFIG then assumes both IPv4 and IPv6 are configured).

ro /etc/hosts
ro? /etc/resolv.conf
ro? /etc/host.conf
ro? /etc/nsswitch.conf
ro? /etc/gai.conf
ro? /etc/services
ro? /etc/protocols

ro? /etc/ssl/certs
ro? /etc/pki/tls/certs
ro? /etc/pki/ca-trust/extracted

ro? /etc/ssl/openssl.cnf
ro? /etc/pki/tls/openssl.cnf
ro? /etc/crypto-policies/back-ends

connect-tcp 53,80,443
connect-udp? 53
