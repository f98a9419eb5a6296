"""Reading signatories from text: one entry (a cell, a pasted line), a network's
members, or a whole signatory block. Pure functions, no database.

`signatures.importing.parsing` re-exports the names callers use.
"""
