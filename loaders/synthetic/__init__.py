"""A realistic synthetic bank with its planted truth, deterministic for a seed."""

from loaders.synthetic.bank import write_bank
from loaders.synthetic.variants import Catalogue

__all__ = ["Catalogue", "write_bank"]
