# SPDX-License-Identifier: MIT
# Python 3: the interpreter, its standard library and the system files it reads
#
#     landbox run --profile python --ro script.py -- python3 script.py
#     landbox run --profile auto --ro www --bind-tcp 8000 -- python3 -m http.server -d www 8000
# Grant the script and its data yourself (--ro, --rw); a server needs
# --bind-tcp PORT (0: any free port), a client --connect-tcp PORT or the
# net-client profile.
#
# What it grants, and why:
# - everything of the base profile: the interpreter and its standard library
#   (/usr/lib/python3*, with the site-packages of Debian's packages in
#   /usr/lib/python3/dist-packages and of pip in /usr/local/lib/python3*),
#   the libraries of its extension modules, the time zones;
# - read on /etc/python3* and /etc/python3.* (Debian's sitecustomize.py,
#   read at every start), the files of /etc the standard library reads when
#   it is used: /etc/mime.types (mimetypes, http.server, email: without it
#   http.server fails at the first request on some systems), /etc/hosts,
#   /etc/services and /etc/protocols (socket.getservbyname,
#   socket.gethostbyname for local names), /etc/os-release
#   (platform.freedesktop_os_release), /etc/ssl/openssl.cnf (ssl), and
#   /etc/localtime and /etc/passwd (base);
# - private-tmp: a new temporary directory for each run, as TMPDIR
#   (tempfile, multiprocessing), removed afterwards;
# - the variables that steer Python, when you have them set: PYTHONPATH,
#   PYTHONHOME, PYTHONIOENCODING, PYTHONUTF8, PYTHONDONTWRITEBYTECODE,
#   PYTHONUNBUFFERED, PYTHONHASHSEED, PYTHONWARNINGS, VIRTUAL_ENV, and the
#   locale (LANG, LC_ALL).
#
# What it does not grant: your home (no ~/.local/lib/python3* user site:
# add --ro ~/.local/lib if you use pip install --user; no virtual
# environment outside /usr: add --rox VENV), writing anywhere but the
# private temporary directory (Python does not mind when it cannot write
# __pycache__), the network (add --bind-tcp, --connect-tcp or net-client),
# the terminal (add tty for the interactive interpreter's line editing).
programs python,python3,python3.*,pydoc3,pydoc3.*

include base
ro? /etc/python3
ro? /etc/python3.9
ro? /etc/python3.10
ro? /etc/python3.11
ro? /etc/python3.12
ro? /etc/python3.13
ro? /etc/python3.14
ro? /etc/mime.types
ro? /etc/hosts
ro? /etc/services
ro? /etc/protocols
ro? /etc/os-release
ro? /etc/ssl/openssl.cnf
private-tmp
env PYTHONPATH
env PYTHONHOME
env PYTHONIOENCODING
env PYTHONUTF8
env PYTHONDONTWRITEBYTECODE
env PYTHONUNBUFFERED
env PYTHONHASHSEED
env PYTHONWARNINGS
env VIRTUAL_ENV
env LANG
env LC_ALL
