from liaison.v1 import broker_pb2 as _broker_pb2
from liaison.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class FetchAttachmentRequest(_message.Message):
    __slots__ = ("sha256",)
    SHA256_FIELD_NUMBER: _ClassVar[int]
    sha256: str
    def __init__(self, sha256: _Optional[str] = ...) -> None: ...

class ExchangeBatch(_message.Message):
    __slots__ = ("items",)
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[FederationItem]
    def __init__(self, items: _Optional[_Iterable[_Union[FederationItem, _Mapping]]] = ...) -> None: ...

class ExchangeAck(_message.Message):
    __slots__ = ("acknowledged", "refused")
    ACKNOWLEDGED_FIELD_NUMBER: _ClassVar[int]
    REFUSED_FIELD_NUMBER: _ClassVar[int]
    acknowledged: int
    refused: _containers.RepeatedCompositeFieldContainer[RefusedItem]
    def __init__(self, acknowledged: _Optional[int] = ..., refused: _Optional[_Iterable[_Union[RefusedItem, _Mapping]]] = ...) -> None: ...

class RefusedItem(_message.Message):
    __slots__ = ("id", "error")
    ID_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    id: int
    error: _common_pb2.ErrorDetail
    def __init__(self, id: _Optional[int] = ..., error: _Optional[_Union[_common_pb2.ErrorDetail, _Mapping]] = ...) -> None: ...

class FederationItem(_message.Message):
    __slots__ = ("id", "queued_at_ms", "event", "action", "refusal", "delivered")
    ID_FIELD_NUMBER: _ClassVar[int]
    QUEUED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    REFUSAL_FIELD_NUMBER: _ClassVar[int]
    DELIVERED_FIELD_NUMBER: _ClassVar[int]
    id: int
    queued_at_ms: int
    event: ReplicatedEvent
    action: ForwardedAction
    refusal: ForwardedRefusal
    delivered: DeliveryNotice
    def __init__(self, id: _Optional[int] = ..., queued_at_ms: _Optional[int] = ..., event: _Optional[_Union[ReplicatedEvent, _Mapping]] = ..., action: _Optional[_Union[ForwardedAction, _Mapping]] = ..., refusal: _Optional[_Union[ForwardedRefusal, _Mapping]] = ..., delivered: _Optional[_Union[DeliveryNotice, _Mapping]] = ...) -> None: ...

class ReplicatedCase(_message.Message):
    __slots__ = ("id", "channel", "workflow", "state", "sender", "sender_operator", "addressees", "copies", "title", "drill", "confidentiality", "opened_at_ms")
    ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    WORKFLOW_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    SENDER_FIELD_NUMBER: _ClassVar[int]
    SENDER_OPERATOR_FIELD_NUMBER: _ClassVar[int]
    ADDRESSEES_FIELD_NUMBER: _ClassVar[int]
    COPIES_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DRILL_FIELD_NUMBER: _ClassVar[int]
    CONFIDENTIALITY_FIELD_NUMBER: _ClassVar[int]
    OPENED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    id: str
    channel: str
    workflow: str
    state: str
    sender: str
    sender_operator: str
    addressees: _containers.RepeatedScalarFieldContainer[str]
    copies: _containers.RepeatedScalarFieldContainer[str]
    title: str
    drill: bool
    confidentiality: int
    opened_at_ms: int
    def __init__(self, id: _Optional[str] = ..., channel: _Optional[str] = ..., workflow: _Optional[str] = ..., state: _Optional[str] = ..., sender: _Optional[str] = ..., sender_operator: _Optional[str] = ..., addressees: _Optional[_Iterable[str]] = ..., copies: _Optional[_Iterable[str]] = ..., title: _Optional[str] = ..., drill: _Optional[bool] = ..., confidentiality: _Optional[int] = ..., opened_at_ms: _Optional[int] = ...) -> None: ...

class Recipient(_message.Message):
    __slots__ = ("agency", "role")
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    agency: str
    role: str
    def __init__(self, agency: _Optional[str] = ..., role: _Optional[str] = ...) -> None: ...

class ReplicatedEvent(_message.Message):
    __slots__ = ("case", "event_id", "sequence", "action", "actor", "actor_operator", "time_ms", "state", "idempotency_key", "content", "signature", "recipients", "clock_start_ms", "attachments")
    CASE_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ACTOR_OPERATOR_FIELD_NUMBER: _ClassVar[int]
    TIME_MS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    CLOCK_START_MS_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    case: ReplicatedCase
    event_id: str
    sequence: int
    action: str
    actor: str
    actor_operator: str
    time_ms: int
    state: str
    idempotency_key: str
    content: bytes
    signature: bytes
    recipients: _containers.RepeatedCompositeFieldContainer[Recipient]
    clock_start_ms: int
    attachments: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, case: _Optional[_Union[ReplicatedCase, _Mapping]] = ..., event_id: _Optional[str] = ..., sequence: _Optional[int] = ..., action: _Optional[str] = ..., actor: _Optional[str] = ..., actor_operator: _Optional[str] = ..., time_ms: _Optional[int] = ..., state: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., content: _Optional[bytes] = ..., signature: _Optional[bytes] = ..., recipients: _Optional[_Iterable[_Union[Recipient, _Mapping]]] = ..., clock_start_ms: _Optional[int] = ..., attachments: _Optional[_Iterable[str]] = ...) -> None: ...

class ForwardedAction(_message.Message):
    __slots__ = ("request", "actor", "actor_operator", "taken_at_ms", "certificate")
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ACTOR_OPERATOR_FIELD_NUMBER: _ClassVar[int]
    TAKEN_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATE_FIELD_NUMBER: _ClassVar[int]
    request: _broker_pb2.ActRequest
    actor: str
    actor_operator: str
    taken_at_ms: int
    certificate: bytes
    def __init__(self, request: _Optional[_Union[_broker_pb2.ActRequest, _Mapping]] = ..., actor: _Optional[str] = ..., actor_operator: _Optional[str] = ..., taken_at_ms: _Optional[int] = ..., certificate: _Optional[bytes] = ...) -> None: ...

class ForwardedRefusal(_message.Message):
    __slots__ = ("case_id", "actor", "action", "idempotency_key", "taken_at_ms", "error")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    TAKEN_AT_MS_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    actor: str
    action: str
    idempotency_key: str
    taken_at_ms: int
    error: _common_pb2.ErrorDetail
    def __init__(self, case_id: _Optional[str] = ..., actor: _Optional[str] = ..., action: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., taken_at_ms: _Optional[int] = ..., error: _Optional[_Union[_common_pb2.ErrorDetail, _Mapping]] = ...) -> None: ...

class DeliveryNotice(_message.Message):
    __slots__ = ("case_id", "agency", "delivered_at_ms")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    DELIVERED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    agency: str
    delivered_at_ms: int
    def __init__(self, case_id: _Optional[str] = ..., agency: _Optional[str] = ..., delivered_at_ms: _Optional[int] = ...) -> None: ...
