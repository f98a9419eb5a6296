"""After delivery: the note and the recipient's answer, which may still change while the
delivery record itself (letters.models.Delivery) never does."""
