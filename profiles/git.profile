# SPDX-License-Identifier: MIT
# git: the system's and your configuration read-only, your identity kept, hooks not run
#
#     landbox run --profile git --rw . -- git commit -m 'a change'
#     landbox run --profile auto --ro . -- git log
# Grant the repository yourself: --ro for reading it (log, status, diff,
# show; status may want --rw to refresh its index), --rw to commit.
#
# What it grants, and why:
# - everything of the base profile: git and the programs it runs (its
#   helpers in /usr/lib/git-core, the pager less, sh), the templates of
#   git init (/usr/share/git-core);
# - read on the system configuration, /etc/gitconfig and /etc/gitattributes,
#   where they exist: without them git refuses to start ("unable to access
#   '/etc/gitconfig': Permission denied");
# - read on your own configuration, where it exists: ~/.gitconfig,
#   ~/.config/git (config, ignore, attributes) and ~/.gitignore; and the
#   HOME variable, so that git finds them.  That is your identity
#   (user.name, user.email) for commits, your aliases and settings; the
#   rest of your home stays denied;
# - your identity from the environment, when you have it set:
#   GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME,
#   GIT_COMMITTER_EMAIL, EMAIL; and the variables that steer git: GIT_DIR,
#   GIT_WORK_TREE, GIT_PAGER, PAGER, LESS, GIT_EDITOR, EDITOR, VISUAL, TERM,
#   LANG, LC_ALL;
# - hooks are not run: GIT_CONFIG_COUNT, GIT_CONFIG_KEY_0 and
#   GIT_CONFIG_VALUE_0 set core.hooksPath to /dev/null.  A hook is a
#   program the repository holds, and running it would run what someone
#   else wrote; besides, --rw grants no execution, and git stops ("cannot
#   exec '.git/hooks/pre-commit'") at a hook it cannot execute.  To run the
#   hooks, ask for it: --env GIT_CONFIG_COUNT=0 (the setting is dropped)
#   and --rox .git/hooks.
#
# What it does not grant: the rest of your home (~/.ssh: no SSH keys, so no
# push or fetch over SSH; ~/.git-credentials), the network (push and fetch
# over HTTPS need net-client), writing anything (add --rw for the
# repository), executing hooks (above), a terminal for an editor (commit
# with -m, or add the tty profile).
programs git

include base
ro? /etc/gitconfig
ro? /etc/gitattributes
ro? ${HOME}/.gitconfig
ro? ${HOME}/.config/git
ro? ${HOME}/.gitignore
env HOME
env GIT_AUTHOR_NAME
env GIT_AUTHOR_EMAIL
env GIT_COMMITTER_NAME
env GIT_COMMITTER_EMAIL
env EMAIL
env GIT_DIR
env GIT_WORK_TREE
env GIT_PAGER
env PAGER
env LESS
env GIT_EDITOR
env EDITOR
env VISUAL
env TERM
env LANG
env LC_ALL
env GIT_CONFIG_COUNT=1
env GIT_CONFIG_KEY_0=core.hooksPath
env GIT_CONFIG_VALUE_0=/dev/null
