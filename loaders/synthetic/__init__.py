"""A realistic synthetic bank with its planted truth, deterministic for a seed."""

from loaders.synthetic.bank import write_bank

__all__ = ["write_bank"]
