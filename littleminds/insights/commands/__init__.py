"""The subcommands of `littleminds insights`: each module here is one, named as the module
is, with `add_arguments(parser)` and `run(options, stdout, stderr)`
(management/commands/insights.py finds them)."""
