"""The subcommands of `littleminds insights` (see its module,
`insights/management/commands/insights.py`): one module each."""
