"""Source specs, one module per export file, gathered in ONE registry (`REGISTRY`) that refuses
duplicates. `REGISTRY.match(path)` gives the spec of a member file or None for an unknown file."""

from linkedin_audit.ingest.sources import (
    activity,
    connections,
    contacts,
    endorsements,
    follows,
    invitations,
    messages,
    other,
    positions,
    profile,
    recommendations,
)
from linkedin_audit.ingest.sources.registry import Registry
from linkedin_audit.ingest.sources.spec import (
    IGNORED,
    RAW,
    TYPED,
    Column,
    SourceSpec,
    norm_basename,
    norm_header,
)

REGISTRY = Registry(
    (
        connections.SPEC,
        invitations.SPEC,
        messages.SPEC,
        messages.COACH,
        endorsements.RECEIVED,
        endorsements.GIVEN,
        recommendations.RECEIVED,
        recommendations.GIVEN,
        profile.SPEC,
        profile.SUMMARY,
        positions.POSITIONS,
        positions.EDUCATION,
        follows.COMPANY,
        follows.MEMBER,
        activity.REACTIONS,
        activity.COMMENTS,
        activity.SHARES,
        activity.VOTES,
        contacts.CONTACTS,
        contacts.EMAIL_ADDRESSES,
        *other.SPECS,
    )
)

__all__ = [
    "REGISTRY",
    "Registry",
    "SourceSpec",
    "Column",
    "TYPED",
    "RAW",
    "IGNORED",
    "norm_basename",
    "norm_header",
]
