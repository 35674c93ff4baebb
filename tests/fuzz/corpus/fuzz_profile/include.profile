include inc.profile
include user
profile base
include net-client
include ${FUZZ_DIR}/inc.profile
