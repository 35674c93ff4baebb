# Network client: name resolution, TLS certificates, TCP connections to ports 53, 80, 443
#
# Add it to base for programs that fetch things over HTTP(S):
#     landbox run --profile base --profile net-client -- /usr/bin/curl -sS https://example.org/
# It does not include base, so that it can be added to any other set of rules.
#
# What it grants, and why:
# - read on the resolver's configuration: /etc/hosts, /etc/resolv.conf,
#   /etc/host.conf and /etc/nsswitch.conf (also in base), which getaddrinfo
#   reads before it sends a query;
# - read on /etc/ssl/certs, where Debian and Ubuntu keep the trusted
#   certificate authorities (the bundle ca-certificates.crt and one file per
#   authority, linked into /usr/share/ca-certificates, which base covers).
#   /etc/ssl/private, where the machine's own private keys live, stays denied;
# - TCP connections to port 53 (DNS over TCP, used when an answer does not fit
#   in a UDP datagram), 80 (HTTP) and 443 (HTTPS), to any address.
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
# all there (--best-effort runs anyway, with the network unrestricted).  UDP,
# and thus DNS over UDP, is not restricted before ABI 10 (Linux 7.2); on
# ABI 10 kernels landbox denies UDP by default, and DNS needs
# "--connect-udp 53", which this profile cannot carry: landbox would refuse it
# on every older kernel.
#
# Left out because not every system has them (a missing path stops landbox):
# /etc/gai.conf (address sorting; without it the default order is used),
# /etc/services and /etc/protocols (service names; curl and most clients use
# port numbers), /etc/ssl/openssl.cnf (Debian's openssl package; curl and
# Python start without reading it, Node.js refuses to: add
# "ro /etc/ssl/openssl.cnf" for it), and Fedora's certificate
# store /etc/pki/ca-trust/extracted, to which Fedora's /etc/ssl/certs links
# (add "ro /etc/pki/ca-trust/extracted" there).

ro /etc/hosts
ro /etc/resolv.conf
ro /etc/host.conf
ro /etc/nsswitch.conf

ro /etc/ssl/certs

connect-tcp 53,80,443
