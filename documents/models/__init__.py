"""The documents app's models: the library (``library``) and the recommendations tracker
(``recommendations``). Every name is re-exported here, so ``from documents.models import
Document`` keeps working.
"""

from documents.models.alerts import AlertDelivery, AlertFrequency, AlertSubscription
from documents.models.archive import (
    ArchiveImport,
    ArchiveImportRow,
    ImportSource,
    ImportState,
    RowOutcome,
)
from documents.models.follows import Follow as Follow
from documents.models.library import (
    DERIVED_FIELDS,
    DatePrecision,
    Document,
    DocumentSlugHistory,
    DocumentType,
    KeywordedDocument,
    Language,
    OcrState,
    TextOrigin,
    ThematicArea,
    ThemedDocument,
    TranslationPlan,
)
from documents.models.recommendations import (
    DEFAULT_PROGRESS,
    Addressee,
    Assignment,
    ImplementationStatus,
    LinkKind,
    Recommendation,
    RecommendationLink,
    Response,
    SourceKind,
    StatusSource,
    StatusUpdate,
    SuggestedLink,
    SuggestionState,
)

__all__ = [
    "DERIVED_FIELDS",
    "DEFAULT_PROGRESS",
    "Addressee",
    "AlertDelivery",
    "AlertFrequency",
    "AlertSubscription",
    "ArchiveImport",
    "ArchiveImportRow",
    "Assignment",
    "DatePrecision",
    "Document",
    "DocumentSlugHistory",
    "DocumentType",
    "ImplementationStatus",
    "ImportSource",
    "ImportState",
    "KeywordedDocument",
    "Language",
    "TranslationPlan",
    "LinkKind",
    "OcrState",
    "Recommendation",
    "RecommendationLink",
    "Response",
    "RowOutcome",
    "SourceKind",
    "StatusSource",
    "StatusUpdate",
    "SuggestedLink",
    "SuggestionState",
    "TextOrigin",
    "ThematicArea",
    "ThemedDocument",
]
