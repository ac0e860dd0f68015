"""Words and bounds that the entrypoints declare their parameters with: how a plenary votes
and how a vote is cast, how many items a page holds, the highest number of an agenda's item
and of a badge.

They are defined here, importing nothing, and imported by the modules of the rules they
belong to (domain.sessions, domain.views.pages, domain.agenda, domain.desk), so that
declaring a command line's options needs none of those rules: a command's `--help` imports
only this (issue 18).
"""

from __future__ import annotations

#: How a delegate votes on a motion.
CHOICES = ("yes", "no", "abstain")
#: How a plenary takes a vote: by name, by count, or by sealed ballot.
VOTE_MODES = ("roll-call", "counted", "secret")

#: How many items a page holds when the caller does not say, and at most.
DEFAULT_LIMIT = 50
MAX_LIMIT = 500

#: The highest number an item of an agenda may carry (the column is a 32-bit integer on both
#: engines).
ITEMS_MAX = 1_000_000

#: The highest badge number.
NUMBER_MAX = 999_999
#: Most changes of attendance the desk's board shows.
RECENT_MAX = 500
