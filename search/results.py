"""What every engine answers: hits, facet counts and how the answer was made."""

from dataclasses import dataclass, field
from datetime import datetime

FACETS = ("kind", "category", "type", "day", "time", "attendance")


@dataclass
class Hit:
    document: dict
    distance_km: float | None = None
    next_start: datetime | None = None
    score: float | None = None


@dataclass
class DirectoryResults:
    engine: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict] = field(default_factory=dict)
    radius_km: float | None = None
    radius_value: float | None = None
    degraded: bool = False

    @property
    def ids(self):
        return [hit.document["id"] for hit in self.hits]
