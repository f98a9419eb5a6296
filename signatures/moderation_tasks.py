"""Where moderation's tasks lived until the code was arranged by job.

Rows already queued by a running site name these paths; the worker imports the
task from here. Nothing new is queued under this module: it can go once no
deployment has such rows left (a worker drains them within minutes).
"""

from letters.invitations import send_invitation_email
from signatures.tasks import send_approval_emails

__all__ = ["send_approval_emails", "send_invitation_email"]
