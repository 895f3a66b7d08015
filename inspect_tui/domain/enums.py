"""Closed vocabularies used across the domain."""

from __future__ import annotations

from enum import StrEnum


class SiteKind(StrEnum):
    HOUSING = "housing"
    WORKPLACE = "workplace"


class SnfHousingType(StrEnum):
    """SNF housing type (woonvorm) a–e."""

    REGULAR_DWELLING = "a"
    HOTEL_OR_PENSION = "b"
    UNITS_IN_COMPLEX = "c"
    HOUSING_UNITS = "d"
    HOLIDAY_PARK = "e"


class AkfCategory(StrEnum):
    """AKF housing category."""

    YEAR_ROUND = "year_round"
    SEASONAL = "seasonal"


class Sector(StrEnum):
    MEAT_PROCESSING = "meat_processing"
    HORTICULTURE = "horticulture"
    DISTRIBUTION = "distribution"
    AGRICULTURE = "agriculture"
    OTHER = "other"


class Certification(StrEnum):
    SNF = "snf"
    AKF = "akf"
    SNF_AKF = "snf_akf"
    NONE = "none"


class UnitKind(StrEnum):
    BUILDING = "building"
    CARAVAN = "caravan"
    ROOM = "room"
    BEDROOM = "bedroom"


class BrpStatus(StrEnum):
    INGEZETENE = "ingezetene"
    RNI = "rni"
    NOT_REGISTERED = "not_registered"
    UNKNOWN = "unknown"


class InspectionStatus(StrEnum):
    DRAFT = "draft"
    COMPLETED = "completed"
    RETURNED = "returned"
    APPROVED = "approved"


class Severity(StrEnum):
    """Weight of a finding."""

    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"


class FindingStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"
    """Withdrawn after signing, with a reason: still shown (as withdrawn), never counted as open."""


class ReviewDecision(StrEnum):
    APPROVE = "approve"
    SEND_BACK = "send_back"
    COMMENT = "comment"
    REOPEN = "reopen"


class AnswerVerdict(StrEnum):
    """Outcome stored with an answer."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "n.a."
    RECORDED = "recorded"  # a measurement; the rules that use it carry the verdict
    UNKNOWN = "unknown"


class RuleKind(StrEnum):
    """How binding a requirement is (NORMS.md, "Binding or not")."""

    LAW = "law"
    """Arbowet, Wet BRP, Woningwet/Bouwbesluit, Wet goed verhuurderschap: binding on everyone."""
    CERTIFICATION = "certification"
    """SNF, AKF: binding for certified providers and where a cao or permit requires the keurmerk."""
    RECOMMENDATION = "recommendation"
    """The Aanjaagteam's recommendations as the cabinet letter answers them: a failure is advice."""

    @property
    def label(self) -> str:
        """``law``, ``certification norm`` or ``recommendation``."""
        return {"law": "law", "certification": "certification norm", "recommendation": "recommendation"}[self.value]

    @property
    def binding(self) -> bool:
        """Whether a failure is a violation (law, certification norm) rather than advice."""
        return self is not RuleKind.RECOMMENDATION
