"""The one reader behind the three doors: the team's import page, the command line
(`import_signatures`) and the network member box of the signing form.

columns (which field each column holds), entries (each row or pasted entry read
as a signatory), contacts (contact details kept out of public fields), flags (what
the organizer should check), batches (the commit, all or nothing, and its undo).
"""
