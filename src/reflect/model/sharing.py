"""What a trainee shares with their trainer: only what they chose to share, piece by piece.

A reflection is the trainee's own. Their trainer sees its words only while the trainee has
ticked "Share this reflection with my trainer" on it; unticking withdraws it. Anything else
saved under the share key (a hand-edited workbook, a missing entry, "yes") shares nothing:
only an explicit true does.
"""

from __future__ import annotations


def is_shared(saved: object) -> bool:
    """True only when the saved share choice is exactly true."""
    return saved is True
