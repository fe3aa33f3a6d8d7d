"""The agreement as code: pure functions over plain dataclasses.

No web framework, no I/O but reading the parameter files of
`cpts.accord.parameters` once. See ../shared/guide/ARCHITECTURE.md.
"""
