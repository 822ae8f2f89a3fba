## Shell completion: bash (completion/sshwizard, named after the command as
## bash-completion loads it on demand) and zsh (completion/_sshwizard).
## configure picks the folders (--with-bash-completion-dir,
## --with-zsh-completion-dir); both default under $(datarootdir).
bashcompletiondir = $(bashcompdir)
dist_bashcompletion_DATA = completion/sshwizard
zshcompletiondir = $(zshcompdir)
dist_zshcompletion_DATA = completion/_sshwizard
