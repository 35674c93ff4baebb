ro ${FUZZVAR}
rw ${UID}/${USER}/${PWD}
ro ${XDG_RUNTIME_DIR}
ro ${NOPE}
ro ${
