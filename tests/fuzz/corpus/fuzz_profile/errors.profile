include? base
env? X
ro
unknown-option x
best-effort yes
connect-tcp 70000
