import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from liaison.v1 import common_pb2 as _common_pb2
from liaison.v1 import channels_pb2 as _channels_pb2
from liaison.v1 import actions_pb2 as _actions_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DeliveryState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DELIVERY_STATE_UNSPECIFIED: _ClassVar[DeliveryState]
    DELIVERY_STATE_PENDING: _ClassVar[DeliveryState]
    DELIVERY_STATE_ACKNOWLEDGED: _ClassVar[DeliveryState]

class DeadlineState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DEADLINE_STATE_UNSPECIFIED: _ClassVar[DeadlineState]
    DEADLINE_STATE_RUNNING: _ClassVar[DeadlineState]
    DEADLINE_STATE_PAUSED: _ClassVar[DeadlineState]
    DEADLINE_STATE_MET: _ClassVar[DeadlineState]

class CaseRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CASE_ROLE_ANY: _ClassVar[CaseRole]
    CASE_ROLE_SENT: _ClassVar[CaseRole]
    CASE_ROLE_RECEIVED: _ClassVar[CaseRole]
    CASE_ROLE_COPIED: _ClassVar[CaseRole]
    CASE_ROLE_SUPERVISING: _ClassVar[CaseRole]
DELIVERY_STATE_UNSPECIFIED: DeliveryState
DELIVERY_STATE_PENDING: DeliveryState
DELIVERY_STATE_ACKNOWLEDGED: DeliveryState
DEADLINE_STATE_UNSPECIFIED: DeadlineState
DEADLINE_STATE_RUNNING: DeadlineState
DEADLINE_STATE_PAUSED: DeadlineState
DEADLINE_STATE_MET: DeadlineState
CASE_ROLE_ANY: CaseRole
CASE_ROLE_SENT: CaseRole
CASE_ROLE_RECEIVED: CaseRole
CASE_ROLE_COPIED: CaseRole
CASE_ROLE_SUPERVISING: CaseRole

class GetAgenciesRequest(_message.Message):
    __slots__ = ("ids",)
    IDS_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ids: _Optional[_Iterable[str]] = ...) -> None: ...

class GetAgenciesResponse(_message.Message):
    __slots__ = ("agencies",)
    AGENCIES_FIELD_NUMBER: _ClassVar[int]
    agencies: _containers.RepeatedCompositeFieldContainer[AgencyInfo]
    def __init__(self, agencies: _Optional[_Iterable[_Union[AgencyInfo, _Mapping]]] = ...) -> None: ...

class AgencyInfo(_message.Message):
    __slots__ = ("id", "name", "region", "kinds", "sealing_key")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    REGION_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    SEALING_KEY_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    region: str
    kinds: _containers.RepeatedScalarFieldContainer[str]
    sealing_key: bytes
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., region: _Optional[str] = ..., kinds: _Optional[_Iterable[str]] = ..., sealing_key: _Optional[bytes] = ...) -> None: ...

class SubmitRequest(_message.Message):
    __slots__ = ("envelope", "body", "idempotency_key")
    ENVELOPE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    envelope: _common_pb2.Envelope
    body: _channels_pb2.CaseBody
    idempotency_key: str
    def __init__(self, envelope: _Optional[_Union[_common_pb2.Envelope, _Mapping]] = ..., body: _Optional[_Union[_channels_pb2.CaseBody, _Mapping]] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class SubmitResponse(_message.Message):
    __slots__ = ("case_id", "event_id", "committed_at", "duplicate", "state")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    COMMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    event_id: str
    committed_at: _timestamp_pb2.Timestamp
    duplicate: bool
    state: str
    def __init__(self, case_id: _Optional[str] = ..., event_id: _Optional[str] = ..., committed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., duplicate: _Optional[bool] = ..., state: _Optional[str] = ...) -> None: ...

class SubmitBatch(_message.Message):
    __slots__ = ("requests",)
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    requests: _containers.RepeatedCompositeFieldContainer[SubmitRequest]
    def __init__(self, requests: _Optional[_Iterable[_Union[SubmitRequest, _Mapping]]] = ...) -> None: ...

class SubmitResults(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[SubmitResult]
    def __init__(self, results: _Optional[_Iterable[_Union[SubmitResult, _Mapping]]] = ...) -> None: ...

class SubmitResult(_message.Message):
    __slots__ = ("ok", "error")
    OK_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    ok: SubmitResponse
    error: _common_pb2.ErrorDetail
    def __init__(self, ok: _Optional[_Union[SubmitResponse, _Mapping]] = ..., error: _Optional[_Union[_common_pb2.ErrorDetail, _Mapping]] = ...) -> None: ...

class ActRequest(_message.Message):
    __slots__ = ("case_id", "action", "body", "attachments", "idempotency_key", "signature")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    action: str
    body: _actions_pb2.ActionBody
    attachments: _containers.RepeatedCompositeFieldContainer[_common_pb2.AttachmentRef]
    idempotency_key: str
    signature: _common_pb2.ActionSignature
    def __init__(self, case_id: _Optional[str] = ..., action: _Optional[str] = ..., body: _Optional[_Union[_actions_pb2.ActionBody, _Mapping]] = ..., attachments: _Optional[_Iterable[_Union[_common_pb2.AttachmentRef, _Mapping]]] = ..., idempotency_key: _Optional[str] = ..., signature: _Optional[_Union[_common_pb2.ActionSignature, _Mapping]] = ...) -> None: ...

class ActResponse(_message.Message):
    __slots__ = ("event", "duplicate", "forwarded")
    EVENT_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    FORWARDED_FIELD_NUMBER: _ClassVar[int]
    event: _common_pb2.Event
    duplicate: bool
    forwarded: bool
    def __init__(self, event: _Optional[_Union[_common_pb2.Event, _Mapping]] = ..., duplicate: _Optional[bool] = ..., forwarded: _Optional[bool] = ...) -> None: ...

class SubscribeOptions(_message.Message):
    __slots__ = ("ack_wait_ms",)
    ACK_WAIT_MS_FIELD_NUMBER: _ClassVar[int]
    ack_wait_ms: int
    def __init__(self, ack_wait_ms: _Optional[int] = ...) -> None: ...

class SubscribeRequest(_message.Message):
    __slots__ = ("options", "credit", "acks", "extend", "extend_ms")
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    CREDIT_FIELD_NUMBER: _ClassVar[int]
    ACKS_FIELD_NUMBER: _ClassVar[int]
    EXTEND_FIELD_NUMBER: _ClassVar[int]
    EXTEND_MS_FIELD_NUMBER: _ClassVar[int]
    options: SubscribeOptions
    credit: int
    acks: _containers.RepeatedScalarFieldContainer[int]
    extend: _containers.RepeatedScalarFieldContainer[int]
    extend_ms: int
    def __init__(self, options: _Optional[_Union[SubscribeOptions, _Mapping]] = ..., credit: _Optional[int] = ..., acks: _Optional[_Iterable[int]] = ..., extend: _Optional[_Iterable[int]] = ..., extend_ms: _Optional[int] = ...) -> None: ...

class DeliveryBatch(_message.Message):
    __slots__ = ("deliveries", "committed_acks")
    DELIVERIES_FIELD_NUMBER: _ClassVar[int]
    COMMITTED_ACKS_FIELD_NUMBER: _ClassVar[int]
    deliveries: _containers.RepeatedCompositeFieldContainer[Delivery]
    committed_acks: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, deliveries: _Optional[_Iterable[_Union[Delivery, _Mapping]]] = ..., committed_acks: _Optional[_Iterable[int]] = ...) -> None: ...

class Delivery(_message.Message):
    __slots__ = ("delivery_id", "attempt", "event", "role")
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    delivery_id: int
    attempt: int
    event: _common_pb2.Event
    role: str
    def __init__(self, delivery_id: _Optional[int] = ..., attempt: _Optional[int] = ..., event: _Optional[_Union[_common_pb2.Event, _Mapping]] = ..., role: _Optional[str] = ...) -> None: ...

class GetCaseRequest(_message.Message):
    __slots__ = ("case_id",)
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    def __init__(self, case_id: _Optional[str] = ...) -> None: ...

class DeliveryStatus(_message.Message):
    __slots__ = ("delivery_id", "event_id", "sequence", "agency", "state", "attempts", "last_error", "acknowledged_at")
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_AT_FIELD_NUMBER: _ClassVar[int]
    delivery_id: int
    event_id: str
    sequence: int
    agency: str
    state: DeliveryState
    attempts: int
    last_error: str
    acknowledged_at: _timestamp_pb2.Timestamp
    def __init__(self, delivery_id: _Optional[int] = ..., event_id: _Optional[str] = ..., sequence: _Optional[int] = ..., agency: _Optional[str] = ..., state: _Optional[_Union[DeliveryState, str]] = ..., attempts: _Optional[int] = ..., last_error: _Optional[str] = ..., acknowledged_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CaseSummary(_message.Message):
    __slots__ = ("case_id", "channel", "state", "sender", "addressees", "copies", "title", "opened_at", "updated_at", "last_sequence", "drill", "confidentiality", "next_deadline_id", "next_due_at", "open_deadlines")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    SENDER_FIELD_NUMBER: _ClassVar[int]
    ADDRESSEES_FIELD_NUMBER: _ClassVar[int]
    COPIES_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    OPENED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    DRILL_FIELD_NUMBER: _ClassVar[int]
    CONFIDENTIALITY_FIELD_NUMBER: _ClassVar[int]
    NEXT_DEADLINE_ID_FIELD_NUMBER: _ClassVar[int]
    NEXT_DUE_AT_FIELD_NUMBER: _ClassVar[int]
    OPEN_DEADLINES_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    channel: _common_pb2.Channel
    state: str
    sender: str
    addressees: _containers.RepeatedScalarFieldContainer[str]
    copies: _containers.RepeatedScalarFieldContainer[str]
    title: str
    opened_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    last_sequence: int
    drill: bool
    confidentiality: _common_pb2.Confidentiality
    next_deadline_id: str
    next_due_at: _timestamp_pb2.Timestamp
    open_deadlines: _containers.RepeatedCompositeFieldContainer[DeadlineStatus]
    def __init__(self, case_id: _Optional[str] = ..., channel: _Optional[_Union[_common_pb2.Channel, str]] = ..., state: _Optional[str] = ..., sender: _Optional[str] = ..., addressees: _Optional[_Iterable[str]] = ..., copies: _Optional[_Iterable[str]] = ..., title: _Optional[str] = ..., opened_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_sequence: _Optional[int] = ..., drill: _Optional[bool] = ..., confidentiality: _Optional[_Union[_common_pb2.Confidentiality, str]] = ..., next_deadline_id: _Optional[str] = ..., next_due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., open_deadlines: _Optional[_Iterable[_Union[DeadlineStatus, _Mapping]]] = ...) -> None: ...

class CaseView(_message.Message):
    __slots__ = ("summary", "events", "deliveries", "deadlines", "allowed_actions")
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    DELIVERIES_FIELD_NUMBER: _ClassVar[int]
    DEADLINES_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_ACTIONS_FIELD_NUMBER: _ClassVar[int]
    summary: CaseSummary
    events: _containers.RepeatedCompositeFieldContainer[_common_pb2.Event]
    deliveries: _containers.RepeatedCompositeFieldContainer[DeliveryStatus]
    deadlines: _containers.RepeatedCompositeFieldContainer[DeadlineStatus]
    allowed_actions: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, summary: _Optional[_Union[CaseSummary, _Mapping]] = ..., events: _Optional[_Iterable[_Union[_common_pb2.Event, _Mapping]]] = ..., deliveries: _Optional[_Iterable[_Union[DeliveryStatus, _Mapping]]] = ..., deadlines: _Optional[_Iterable[_Union[DeadlineStatus, _Mapping]]] = ..., allowed_actions: _Optional[_Iterable[str]] = ...) -> None: ...

class DeadlineStatus(_message.Message):
    __slots__ = ("deadline_id", "state", "started_at", "due_at", "remaining_ms", "provisional", "overdue", "met_at", "duration", "basis", "level_reached", "must_act", "per_party", "met_late", "remaining")
    DEADLINE_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    REMAINING_MS_FIELD_NUMBER: _ClassVar[int]
    PROVISIONAL_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    MET_AT_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    BASIS_FIELD_NUMBER: _ClassVar[int]
    LEVEL_REACHED_FIELD_NUMBER: _ClassVar[int]
    MUST_ACT_FIELD_NUMBER: _ClassVar[int]
    PER_PARTY_FIELD_NUMBER: _ClassVar[int]
    MET_LATE_FIELD_NUMBER: _ClassVar[int]
    REMAINING_FIELD_NUMBER: _ClassVar[int]
    deadline_id: str
    state: DeadlineState
    started_at: _timestamp_pb2.Timestamp
    due_at: _timestamp_pb2.Timestamp
    remaining_ms: int
    provisional: bool
    overdue: bool
    met_at: _timestamp_pb2.Timestamp
    duration: str
    basis: str
    level_reached: int
    must_act: _containers.RepeatedScalarFieldContainer[str]
    per_party: bool
    met_late: bool
    remaining: str
    def __init__(self, deadline_id: _Optional[str] = ..., state: _Optional[_Union[DeadlineState, str]] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., remaining_ms: _Optional[int] = ..., provisional: _Optional[bool] = ..., overdue: _Optional[bool] = ..., met_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., duration: _Optional[str] = ..., basis: _Optional[str] = ..., level_reached: _Optional[int] = ..., must_act: _Optional[_Iterable[str]] = ..., per_party: _Optional[bool] = ..., met_late: _Optional[bool] = ..., remaining: _Optional[str] = ...) -> None: ...

class ListCasesRequest(_message.Message):
    __slots__ = ("channel", "state", "role", "page_size", "page_token", "overdue", "due_within_days")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    DUE_WITHIN_DAYS_FIELD_NUMBER: _ClassVar[int]
    channel: _common_pb2.Channel
    state: str
    role: CaseRole
    page_size: int
    page_token: str
    overdue: bool
    due_within_days: int
    def __init__(self, channel: _Optional[_Union[_common_pb2.Channel, str]] = ..., state: _Optional[str] = ..., role: _Optional[_Union[CaseRole, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., overdue: _Optional[bool] = ..., due_within_days: _Optional[int] = ...) -> None: ...

class ListCasesResponse(_message.Message):
    __slots__ = ("cases", "next_page_token")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[CaseSummary]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[CaseSummary, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class AttachmentHeader(_message.Message):
    __slots__ = ("sha256", "title", "media_type")
    SHA256_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    sha256: str
    title: str
    media_type: str
    def __init__(self, sha256: _Optional[str] = ..., title: _Optional[str] = ..., media_type: _Optional[str] = ...) -> None: ...

class AttachmentChunk(_message.Message):
    __slots__ = ("header", "data")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    header: AttachmentHeader
    data: bytes
    def __init__(self, header: _Optional[_Union[AttachmentHeader, _Mapping]] = ..., data: _Optional[bytes] = ...) -> None: ...

class GetAttachmentRequest(_message.Message):
    __slots__ = ("sha256",)
    SHA256_FIELD_NUMBER: _ClassVar[int]
    sha256: str
    def __init__(self, sha256: _Optional[str] = ...) -> None: ...
