import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class IdentityKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IDENTITY_KIND_UNSPECIFIED: _ClassVar[IdentityKind]
    IDENTITY_KIND_RESIDENT_ID: _ClassVar[IdentityKind]
    IDENTITY_KIND_CREDIT_CODE: _ClassVar[IdentityKind]
    IDENTITY_KIND_PASSPORT: _ClassVar[IdentityKind]

class ReferralKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REFERRAL_KIND_UNSPECIFIED: _ClassVar[ReferralKind]
    REFERRAL_KIND_CASE: _ClassVar[ReferralKind]
    REFERRAL_KIND_CLUE: _ClassVar[ReferralKind]
    REFERRAL_KIND_ASSISTANCE: _ClassVar[ReferralKind]

class DisputeType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DISPUTE_TYPE_UNSPECIFIED: _ClassVar[DisputeType]
    DISPUTE_TYPE_JURISDICTION: _ClassVar[DisputeType]
    DISPUTE_TYPE_LAW_APPLICATION: _ClassVar[DisputeType]
    DISPUTE_TYPE_ENFORCEMENT_STANDARD: _ClassVar[DisputeType]
    DISPUTE_TYPE_JOINT_ENFORCEMENT: _ClassVar[DisputeType]
    DISPUTE_TYPE_ASSISTANCE_REFUSED: _ClassVar[DisputeType]
    DISPUTE_TYPE_REFERRAL_REFUSED: _ClassVar[DisputeType]

class TransferDirection(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TRANSFER_DIRECTION_UNSPECIFIED: _ClassVar[TransferDirection]
    TRANSFER_DIRECTION_FORWARD: _ClassVar[TransferDirection]
    TRANSFER_DIRECTION_REVERSE: _ClassVar[TransferDirection]

class MaterialType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MATERIAL_TYPE_UNSPECIFIED: _ClassVar[MaterialType]
    MATERIAL_TYPE_TRANSFER_LETTER: _ClassVar[MaterialType]
    MATERIAL_TYPE_INVESTIGATION_REPORT: _ClassVar[MaterialType]
    MATERIAL_TYPE_SEIZED_ITEMS_LIST: _ClassVar[MaterialType]
    MATERIAL_TYPE_TEST_REPORT: _ClassVar[MaterialType]
    MATERIAL_TYPE_OTHER: _ClassVar[MaterialType]

class ClueCategory(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CLUE_CATEGORY_UNSPECIFIED: _ClassVar[ClueCategory]
    CLUE_CATEGORY_DISCIPLINE: _ClassVar[ClueCategory]
    CLUE_CATEGORY_DUTY_VIOLATION: _ClassVar[ClueCategory]
    CLUE_CATEGORY_DUTY_CRIME: _ClassVar[ClueCategory]
IDENTITY_KIND_UNSPECIFIED: IdentityKind
IDENTITY_KIND_RESIDENT_ID: IdentityKind
IDENTITY_KIND_CREDIT_CODE: IdentityKind
IDENTITY_KIND_PASSPORT: IdentityKind
REFERRAL_KIND_UNSPECIFIED: ReferralKind
REFERRAL_KIND_CASE: ReferralKind
REFERRAL_KIND_CLUE: ReferralKind
REFERRAL_KIND_ASSISTANCE: ReferralKind
DISPUTE_TYPE_UNSPECIFIED: DisputeType
DISPUTE_TYPE_JURISDICTION: DisputeType
DISPUTE_TYPE_LAW_APPLICATION: DisputeType
DISPUTE_TYPE_ENFORCEMENT_STANDARD: DisputeType
DISPUTE_TYPE_JOINT_ENFORCEMENT: DisputeType
DISPUTE_TYPE_ASSISTANCE_REFUSED: DisputeType
DISPUTE_TYPE_REFERRAL_REFUSED: DisputeType
TRANSFER_DIRECTION_UNSPECIFIED: TransferDirection
TRANSFER_DIRECTION_FORWARD: TransferDirection
TRANSFER_DIRECTION_REVERSE: TransferDirection
MATERIAL_TYPE_UNSPECIFIED: MaterialType
MATERIAL_TYPE_TRANSFER_LETTER: MaterialType
MATERIAL_TYPE_INVESTIGATION_REPORT: MaterialType
MATERIAL_TYPE_SEIZED_ITEMS_LIST: MaterialType
MATERIAL_TYPE_TEST_REPORT: MaterialType
MATERIAL_TYPE_OTHER: MaterialType
CLUE_CATEGORY_UNSPECIFIED: ClueCategory
CLUE_CATEGORY_DISCIPLINE: ClueCategory
CLUE_CATEGORY_DUTY_VIOLATION: ClueCategory
CLUE_CATEGORY_DUTY_CRIME: ClueCategory

class CaseBody(_message.Message):
    __slots__ = ("referral", "dispute", "criminal_transfer", "discipline_clue", "sealed")
    REFERRAL_FIELD_NUMBER: _ClassVar[int]
    DISPUTE_FIELD_NUMBER: _ClassVar[int]
    CRIMINAL_TRANSFER_FIELD_NUMBER: _ClassVar[int]
    DISCIPLINE_CLUE_FIELD_NUMBER: _ClassVar[int]
    SEALED_FIELD_NUMBER: _ClassVar[int]
    referral: ReferralLetter
    dispute: DisputeApplication
    criminal_transfer: CriminalTransferLetter
    discipline_clue: DisciplineClueLetter
    sealed: SealedBody
    def __init__(self, referral: _Optional[_Union[ReferralLetter, _Mapping]] = ..., dispute: _Optional[_Union[DisputeApplication, _Mapping]] = ..., criminal_transfer: _Optional[_Union[CriminalTransferLetter, _Mapping]] = ..., discipline_clue: _Optional[_Union[DisciplineClueLetter, _Mapping]] = ..., sealed: _Optional[_Union[SealedBody, _Mapping]] = ...) -> None: ...

class PartyIdentity(_message.Message):
    __slots__ = ("name", "id_kind", "id_number")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ID_KIND_FIELD_NUMBER: _ClassVar[int]
    ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    name: str
    id_kind: IdentityKind
    id_number: str
    def __init__(self, name: _Optional[str] = ..., id_kind: _Optional[_Union[IdentityKind, str]] = ..., id_number: _Optional[str] = ...) -> None: ...

class LegalProvision(_message.Message):
    __slots__ = ("instrument", "article")
    INSTRUMENT_FIELD_NUMBER: _ClassVar[int]
    ARTICLE_FIELD_NUMBER: _ClassVar[int]
    instrument: str
    article: str
    def __init__(self, instrument: _Optional[str] = ..., article: _Optional[str] = ...) -> None: ...

class Contact(_message.Message):
    __slots__ = ("name", "phone", "unit")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    name: str
    phone: str
    unit: str
    def __init__(self, name: _Optional[str] = ..., phone: _Optional[str] = ..., unit: _Optional[str] = ...) -> None: ...

class EvidenceItem(_message.Message):
    __slots__ = ("title", "attachment_sha256", "description")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENT_SHA256_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    title: str
    attachment_sha256: str
    description: str
    def __init__(self, title: _Optional[str] = ..., attachment_sha256: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class SeizedItem(_message.Message):
    __slots__ = ("description", "quantity", "custody")
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    CUSTODY_FIELD_NUMBER: _ClassVar[int]
    description: str
    quantity: str
    custody: str
    def __init__(self, description: _Optional[str] = ..., quantity: _Optional[str] = ..., custody: _Optional[str] = ...) -> None: ...

class MeasureTaken(_message.Message):
    __slots__ = ("kind", "date", "description")
    KIND_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    kind: str
    date: str
    description: str
    def __init__(self, kind: _Optional[str] = ..., date: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class AssistanceRequest(_message.Message):
    __slots__ = ("items", "legal_basis", "requested_by")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    LEGAL_BASIS_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedScalarFieldContainer[str]
    legal_basis: _containers.RepeatedCompositeFieldContainer[LegalProvision]
    requested_by: str
    def __init__(self, items: _Optional[_Iterable[str]] = ..., legal_basis: _Optional[_Iterable[_Union[LegalProvision, _Mapping]]] = ..., requested_by: _Optional[str] = ...) -> None: ...

class ReferralLetter(_message.Message):
    __slots__ = ("reference_number", "kind", "case_name", "parties", "violation_place", "violation_time", "facts_summary", "suspected_provisions", "competence_basis", "evidence", "seized_items", "measures_taken", "related_case_ids", "contact", "urgent", "discovered_on", "assistance")
    REFERENCE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CASE_NAME_FIELD_NUMBER: _ClassVar[int]
    PARTIES_FIELD_NUMBER: _ClassVar[int]
    VIOLATION_PLACE_FIELD_NUMBER: _ClassVar[int]
    VIOLATION_TIME_FIELD_NUMBER: _ClassVar[int]
    FACTS_SUMMARY_FIELD_NUMBER: _ClassVar[int]
    SUSPECTED_PROVISIONS_FIELD_NUMBER: _ClassVar[int]
    COMPETENCE_BASIS_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    SEIZED_ITEMS_FIELD_NUMBER: _ClassVar[int]
    MEASURES_TAKEN_FIELD_NUMBER: _ClassVar[int]
    RELATED_CASE_IDS_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    URGENT_FIELD_NUMBER: _ClassVar[int]
    DISCOVERED_ON_FIELD_NUMBER: _ClassVar[int]
    ASSISTANCE_FIELD_NUMBER: _ClassVar[int]
    reference_number: str
    kind: ReferralKind
    case_name: str
    parties: _containers.RepeatedCompositeFieldContainer[PartyIdentity]
    violation_place: str
    violation_time: _timestamp_pb2.Timestamp
    facts_summary: str
    suspected_provisions: _containers.RepeatedCompositeFieldContainer[LegalProvision]
    competence_basis: str
    evidence: _containers.RepeatedCompositeFieldContainer[EvidenceItem]
    seized_items: _containers.RepeatedCompositeFieldContainer[SeizedItem]
    measures_taken: _containers.RepeatedCompositeFieldContainer[MeasureTaken]
    related_case_ids: _containers.RepeatedScalarFieldContainer[str]
    contact: Contact
    urgent: bool
    discovered_on: str
    assistance: AssistanceRequest
    def __init__(self, reference_number: _Optional[str] = ..., kind: _Optional[_Union[ReferralKind, str]] = ..., case_name: _Optional[str] = ..., parties: _Optional[_Iterable[_Union[PartyIdentity, _Mapping]]] = ..., violation_place: _Optional[str] = ..., violation_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., facts_summary: _Optional[str] = ..., suspected_provisions: _Optional[_Iterable[_Union[LegalProvision, _Mapping]]] = ..., competence_basis: _Optional[str] = ..., evidence: _Optional[_Iterable[_Union[EvidenceItem, _Mapping]]] = ..., seized_items: _Optional[_Iterable[_Union[SeizedItem, _Mapping]]] = ..., measures_taken: _Optional[_Iterable[_Union[MeasureTaken, _Mapping]]] = ..., related_case_ids: _Optional[_Iterable[str]] = ..., contact: _Optional[_Union[Contact, _Mapping]] = ..., urgent: _Optional[bool] = ..., discovered_on: _Optional[str] = ..., assistance: _Optional[_Union[AssistanceRequest, _Mapping]] = ...) -> None: ...

class NegotiationRecord(_message.Message):
    __slots__ = ("dates", "participants", "outcome")
    DATES_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    dates: _containers.RepeatedScalarFieldContainer[str]
    participants: _containers.RepeatedScalarFieldContainer[str]
    outcome: str
    def __init__(self, dates: _Optional[_Iterable[str]] = ..., participants: _Optional[_Iterable[str]] = ..., outcome: _Optional[str] = ...) -> None: ...

class DisputeApplication(_message.Message):
    __slots__ = ("reference_number", "respondents", "dispute_type", "matter", "facts", "legal_bases", "negotiation", "proposed_solution", "proposal_reasons", "urgent", "public_interest_harm", "related_case_ids", "contact")
    REFERENCE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    RESPONDENTS_FIELD_NUMBER: _ClassVar[int]
    DISPUTE_TYPE_FIELD_NUMBER: _ClassVar[int]
    MATTER_FIELD_NUMBER: _ClassVar[int]
    FACTS_FIELD_NUMBER: _ClassVar[int]
    LEGAL_BASES_FIELD_NUMBER: _ClassVar[int]
    NEGOTIATION_FIELD_NUMBER: _ClassVar[int]
    PROPOSED_SOLUTION_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_REASONS_FIELD_NUMBER: _ClassVar[int]
    URGENT_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_INTEREST_HARM_FIELD_NUMBER: _ClassVar[int]
    RELATED_CASE_IDS_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    reference_number: str
    respondents: _containers.RepeatedScalarFieldContainer[str]
    dispute_type: DisputeType
    matter: str
    facts: str
    legal_bases: _containers.RepeatedCompositeFieldContainer[LegalProvision]
    negotiation: NegotiationRecord
    proposed_solution: str
    proposal_reasons: str
    urgent: bool
    public_interest_harm: bool
    related_case_ids: _containers.RepeatedScalarFieldContainer[str]
    contact: Contact
    def __init__(self, reference_number: _Optional[str] = ..., respondents: _Optional[_Iterable[str]] = ..., dispute_type: _Optional[_Union[DisputeType, str]] = ..., matter: _Optional[str] = ..., facts: _Optional[str] = ..., legal_bases: _Optional[_Iterable[_Union[LegalProvision, _Mapping]]] = ..., negotiation: _Optional[_Union[NegotiationRecord, _Mapping]] = ..., proposed_solution: _Optional[str] = ..., proposal_reasons: _Optional[str] = ..., urgent: _Optional[bool] = ..., public_interest_harm: _Optional[bool] = ..., related_case_ids: _Optional[_Iterable[str]] = ..., contact: _Optional[_Union[Contact, _Mapping]] = ...) -> None: ...

class Suspect(_message.Message):
    __slots__ = ("identity", "is_unit")
    IDENTITY_FIELD_NUMBER: _ClassVar[int]
    IS_UNIT_FIELD_NUMBER: _ClassVar[int]
    identity: PartyIdentity
    is_unit: bool
    def __init__(self, identity: _Optional[_Union[PartyIdentity, _Mapping]] = ..., is_unit: _Optional[bool] = ...) -> None: ...

class PenaltyImposed(_message.Message):
    __slots__ = ("decision_number", "fine_fen")
    DECISION_NUMBER_FIELD_NUMBER: _ClassVar[int]
    FINE_FEN_FIELD_NUMBER: _ClassVar[int]
    decision_number: str
    fine_fen: int
    def __init__(self, decision_number: _Optional[str] = ..., fine_fen: _Optional[int] = ...) -> None: ...

class TransferApproval(_message.Message):
    __slots__ = ("approver", "role", "approved_at", "task_force_members")
    APPROVER_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    APPROVED_AT_FIELD_NUMBER: _ClassVar[int]
    TASK_FORCE_MEMBERS_FIELD_NUMBER: _ClassVar[int]
    approver: str
    role: str
    approved_at: _timestamp_pb2.Timestamp
    task_force_members: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, approver: _Optional[str] = ..., role: _Optional[str] = ..., approved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., task_force_members: _Optional[_Iterable[str]] = ...) -> None: ...

class TransferMaterial(_message.Message):
    __slots__ = ("type", "title", "pages", "attachment_sha256", "original")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    PAGES_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENT_SHA256_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_FIELD_NUMBER: _ClassVar[int]
    type: MaterialType
    title: str
    pages: int
    attachment_sha256: str
    original: bool
    def __init__(self, type: _Optional[_Union[MaterialType, str]] = ..., title: _Optional[str] = ..., pages: _Optional[int] = ..., attachment_sha256: _Optional[str] = ..., original: _Optional[bool] = ...) -> None: ...

class CriminalTransferLetter(_message.Message):
    __slots__ = ("direction", "number", "date", "case_name", "suspects", "suspected_offence", "criminal_law_article", "threshold_facts", "ip_reasonable_suspicion", "legal_basis", "penalty", "approval", "urgent", "materials", "reverse_reason", "source_decision")
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    CASE_NAME_FIELD_NUMBER: _ClassVar[int]
    SUSPECTS_FIELD_NUMBER: _ClassVar[int]
    SUSPECTED_OFFENCE_FIELD_NUMBER: _ClassVar[int]
    CRIMINAL_LAW_ARTICLE_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_FACTS_FIELD_NUMBER: _ClassVar[int]
    IP_REASONABLE_SUSPICION_FIELD_NUMBER: _ClassVar[int]
    LEGAL_BASIS_FIELD_NUMBER: _ClassVar[int]
    PENALTY_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_FIELD_NUMBER: _ClassVar[int]
    URGENT_FIELD_NUMBER: _ClassVar[int]
    MATERIALS_FIELD_NUMBER: _ClassVar[int]
    REVERSE_REASON_FIELD_NUMBER: _ClassVar[int]
    SOURCE_DECISION_FIELD_NUMBER: _ClassVar[int]
    direction: TransferDirection
    number: str
    date: str
    case_name: str
    suspects: _containers.RepeatedCompositeFieldContainer[Suspect]
    suspected_offence: str
    criminal_law_article: str
    threshold_facts: str
    ip_reasonable_suspicion: bool
    legal_basis: _containers.RepeatedCompositeFieldContainer[LegalProvision]
    penalty: PenaltyImposed
    approval: TransferApproval
    urgent: bool
    materials: _containers.RepeatedCompositeFieldContainer[TransferMaterial]
    reverse_reason: str
    source_decision: str
    def __init__(self, direction: _Optional[_Union[TransferDirection, str]] = ..., number: _Optional[str] = ..., date: _Optional[str] = ..., case_name: _Optional[str] = ..., suspects: _Optional[_Iterable[_Union[Suspect, _Mapping]]] = ..., suspected_offence: _Optional[str] = ..., criminal_law_article: _Optional[str] = ..., threshold_facts: _Optional[str] = ..., ip_reasonable_suspicion: _Optional[bool] = ..., legal_basis: _Optional[_Iterable[_Union[LegalProvision, _Mapping]]] = ..., penalty: _Optional[_Union[PenaltyImposed, _Mapping]] = ..., approval: _Optional[_Union[TransferApproval, _Mapping]] = ..., urgent: _Optional[bool] = ..., materials: _Optional[_Iterable[_Union[TransferMaterial, _Mapping]]] = ..., reverse_reason: _Optional[str] = ..., source_decision: _Optional[str] = ...) -> None: ...

class PersonConcerned(_message.Message):
    __slots__ = ("name", "unit", "position", "rank", "party_member", "management_authority")
    NAME_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    PARTY_MEMBER_FIELD_NUMBER: _ClassVar[int]
    MANAGEMENT_AUTHORITY_FIELD_NUMBER: _ClassVar[int]
    name: str
    unit: str
    position: str
    rank: str
    party_member: bool
    management_authority: str
    def __init__(self, name: _Optional[str] = ..., unit: _Optional[str] = ..., position: _Optional[str] = ..., rank: _Optional[str] = ..., party_member: _Optional[bool] = ..., management_authority: _Optional[str] = ...) -> None: ...

class DisciplineClueLetter(_message.Message):
    __slots__ = ("reference_number", "persons", "category", "facts", "how_discovered", "related_case_number", "related_penalty_decision", "evidence", "criminal_transfer_case_id", "handling_officer")
    REFERENCE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PERSONS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    FACTS_FIELD_NUMBER: _ClassVar[int]
    HOW_DISCOVERED_FIELD_NUMBER: _ClassVar[int]
    RELATED_CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    RELATED_PENALTY_DECISION_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    CRIMINAL_TRANSFER_CASE_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLING_OFFICER_FIELD_NUMBER: _ClassVar[int]
    reference_number: str
    persons: _containers.RepeatedCompositeFieldContainer[PersonConcerned]
    category: ClueCategory
    facts: str
    how_discovered: str
    related_case_number: str
    related_penalty_decision: str
    evidence: _containers.RepeatedCompositeFieldContainer[EvidenceItem]
    criminal_transfer_case_id: str
    handling_officer: Contact
    def __init__(self, reference_number: _Optional[str] = ..., persons: _Optional[_Iterable[_Union[PersonConcerned, _Mapping]]] = ..., category: _Optional[_Union[ClueCategory, str]] = ..., facts: _Optional[str] = ..., how_discovered: _Optional[str] = ..., related_case_number: _Optional[str] = ..., related_penalty_decision: _Optional[str] = ..., evidence: _Optional[_Iterable[_Union[EvidenceItem, _Mapping]]] = ..., criminal_transfer_case_id: _Optional[str] = ..., handling_officer: _Optional[_Union[Contact, _Mapping]] = ...) -> None: ...

class SealedBody(_message.Message):
    __slots__ = ("ciphertext", "recipients", "identity")
    CIPHERTEXT_FIELD_NUMBER: _ClassVar[int]
    RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    IDENTITY_FIELD_NUMBER: _ClassVar[int]
    ciphertext: bytes
    recipients: _containers.RepeatedCompositeFieldContainer[SealedKey]
    identity: bytes
    def __init__(self, ciphertext: _Optional[bytes] = ..., recipients: _Optional[_Iterable[_Union[SealedKey, _Mapping]]] = ..., identity: _Optional[bytes] = ...) -> None: ...

class SealedKey(_message.Message):
    __slots__ = ("agency", "key_id", "encapsulated_key", "sealed_key")
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    ENCAPSULATED_KEY_FIELD_NUMBER: _ClassVar[int]
    SEALED_KEY_FIELD_NUMBER: _ClassVar[int]
    agency: str
    key_id: str
    encapsulated_key: bytes
    sealed_key: bytes
    def __init__(self, agency: _Optional[str] = ..., key_id: _Optional[str] = ..., encapsulated_key: _Optional[bytes] = ..., sealed_key: _Optional[bytes] = ...) -> None: ...
