"""The progress archive (学困生进步档案): the support case and everything written about it."""

from .cases import (
    CaseEvidence,
    CaseMeasure,
    CaseStatusChange,
    SupportCase,
    SupportCaseQuerySet,
    SupportGoal,
)
from .entries import (
    AgreedAction,
    ArchiveSummary,
    CaseDiscussion,
    Correctable,
    CorrectableQuerySet,
    Observation,
    ObservationQuerySet,
    TutoringSession,
)
from .monitoring import (
    GoalMonitor,
    MonitoringMeasure,
    MonitoringSettings,
    PlannedDose,
    ProbePoint,
)
from .photos import MAX_PHOTOS, ObservationPhoto, WorkPhoto
from .phrases import QuickPhrase
from .strategies import SupportMeasure, SupportMeasureQuerySet
from .watch import Watch, WatchNote

__all__ = [
    "AgreedAction",
    "ArchiveSummary",
    "CaseDiscussion",
    "CaseEvidence",
    "CaseMeasure",
    "CaseStatusChange",
    "Correctable",
    "CorrectableQuerySet",
    "GoalMonitor",
    "MonitoringMeasure",
    "MonitoringSettings",
    "MAX_PHOTOS",
    "Observation",
    "ObservationPhoto",
    "ObservationQuerySet",
    "PlannedDose",
    "ProbePoint",
    "QuickPhrase",
    "SupportCase",
    "SupportCaseQuerySet",
    "SupportGoal",
    "SupportMeasure",
    "SupportMeasureQuerySet",
    "TutoringSession",
    "Watch",
    "WatchNote",
    "WorkPhoto",
]
