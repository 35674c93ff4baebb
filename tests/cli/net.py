# SPDX-License-Identifier: MIT
# tests/cli/net.py - the socket programs of the CLI tests, one file for all
# (make_py in lib.sh copies it to $T/py/net.py, which sandboxes are granted).
#
#   net.py listen tcp READY HOST... [--log FILE]
#       two stream servers on ephemeral ports of each HOST; READY gets one
#       line "HOST PORT-A PORT-B" per host; each connection is answered
#       "hello" (and logged as a "connected" line in FILE).
#   net.py listen udp READY HOST
#       a datagram server on an ephemeral port of HOST (READY gets the port)
#       answering each datagram X with "re:X", as a DNS server answers.
#   net.py listen unix READY PATH      a stream server on the socket file
#                                      PATH (mode 777), answering "hi"
#   net.py listen abstract READY NAME  the same on the abstract name @NAME
#       READY is written (atomically) once the servers listen; they stop
#       after 120 s at most.
#   net.py connect tcp HOST PORT    prints "connected hello"
#   net.py connect unix PATH        prints "connected hi"
#   net.py connect abstract NAME    prints "connected hi"
#   net.py connect udp HOST PORT    connect, send "q", print "answer re:q"
#   net.py send udp HOST PORT       sendto (no connect), print "answer re:q"
#   net.py bind tcp|udp HOST PORT   prints "bound"
#   net.py bind unix PATH           creates the socket file, prints "bound"
#   net.py free HOST N              prints N distinct free TCP ports of HOST
# A refused call prints its errno name (EACCES, EPERM...) and exits 1.
import errno, os, select, socket, sys, time

KINDS = {
    "tcp": socket.SOCK_STREAM,
    "udp": socket.SOCK_DGRAM,
    "unix": socket.SOCK_STREAM,
    "abstract": socket.SOCK_STREAM,
}


def new(kind, host=None):
    if kind in ("unix", "abstract"):
        fam = socket.AF_UNIX
    else:
        fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.socket(fam, KINDS[kind])


def address(kind, args):
    """The address of a client or bind command, and the host."""
    if kind == "unix":
        return args[0], None
    if kind == "abstract":
        return "\0" + args[0], None
    return (args[0], int(args[1])), args[0]


def ready(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.rename(path + ".tmp", path)


def listen(kind, path, args):
    log = None
    if "--log" in args:
        i = args.index("--log")
        log, args = args[i + 1], args[:i]
    socks, lines = [], []
    if kind == "tcp":
        for h in args:
            ports = []
            for _ in range(2):
                s = new(kind, h)
                s.bind((h, 0))
                s.listen(16)
                socks.append(s)
                ports.append(str(s.getsockname()[1]))
            lines.append(h + " " + " ".join(ports))
    elif kind == "udp":
        s = new(kind, args[0])
        s.bind((args[0], 0))
        socks.append(s)
        lines.append(str(s.getsockname()[1]))
    else:
        s = new(kind)
        s.bind(address(kind, args)[0])
        if kind == "unix":
            os.chmod(args[0], 0o777)  # nobody may connect too
        s.listen(16)
        socks.append(s)
        lines.append("listening")
    ready(path, "\n".join(lines) + "\n")
    answer = b"hello\n" if kind == "tcp" else b"hi\n"
    end = time.time() + 120
    while time.time() < end:
        r, _, _ = select.select(socks, [], [], 1)
        for s in r:
            if kind == "udp":
                d, a = s.recvfrom(512)
                s.sendto(b"re:" + d, a)
                continue
            c, _ = s.accept()
            try:
                c.sendall(answer)
            except OSError:
                pass
            c.close()
            if log:
                with open(log, "a") as f:
                    f.write("connected\n")


def client(cmd, kind, args):
    addr, host = address(kind, args)
    s = new(kind, host)
    s.settimeout(5)
    if cmd == "bind":
        if kind == "tcp":
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(addr)
        if kind == "tcp":
            s.listen(1)
        return "bound"
    if kind == "udp":
        if cmd == "send":
            s.sendto(b"q", addr)
            return "answer " + s.recvfrom(64)[0].decode()
        s.connect(addr)
        s.send(b"q")
        return "answer " + s.recv(64).decode()
    s.connect(addr)
    return "connected " + s.recv(16).decode().strip()


def free(host, n):
    socks = []
    for _ in range(n):
        s = new("tcp", host)
        s.bind((host, 0))
        socks.append(s)
    return " ".join(str(s.getsockname()[1]) for s in socks)


def main(argv):
    cmd = argv[0]
    if cmd == "free":
        print(free(argv[1], int(argv[2])))
    elif cmd == "listen":
        listen(argv[1], argv[2], argv[3:])
    else:
        try:
            print(client(cmd, argv[1], argv[2:]))
        except socket.timeout:
            print("timeout")
            sys.exit(1)
        except OSError as e:
            print(errno.errorcode.get(e.errno, str(e)))
            sys.exit(1)


main(sys.argv[1:])
