# every kind of line
ro /usr
rox /usr/bin,/bin
rw ${HOME}
rwx ${TMPDIR}
ro? /lib64  # optional
connect-tcp 80,443
bind-tcp 8080
connect-udp? 53
env HOME
env LANG=C
unix /run/x.sock
unrestricted-scoped
best-effort
ldd
log-level debug
