"""Pure rules of the waiting times: the norms the centre may record (with the public sources it may rely on) and
the status of a milestone against its norm. No Django, no ORM, no clock: the caller passes today."""
