"""Subcommands of the `cpts` command line, one module each (see `cpts.cli.COMMANDS`)."""
