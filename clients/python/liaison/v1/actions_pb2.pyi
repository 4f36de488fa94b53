import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from liaison.v1 import channels_pb2 as _channels_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DeclineReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DECLINE_REASON_UNSPECIFIED: _ClassVar[DeclineReason]
    DECLINE_REASON_NOT_COMPETENT: _ClassVar[DeclineReason]
    DECLINE_REASON_FORWARDED: _ClassVar[DeclineReason]
    DECLINE_REASON_DISPUTED: _ClassVar[DeclineReason]
    DECLINE_REASON_INCOMPLETE: _ClassVar[DeclineReason]
DECLINE_REASON_UNSPECIFIED: DeclineReason
DECLINE_REASON_NOT_COMPETENT: DeclineReason
DECLINE_REASON_FORWARDED: DeclineReason
DECLINE_REASON_DISPUTED: DeclineReason
DECLINE_REASON_INCOMPLETE: DeclineReason

class ActionBody(_message.Message):
    __slots__ = ("receipt", "registration", "decline", "forward", "comment", "information_request", "information_supply", "decision", "withdrawal", "result", "escalation", "refusal")
    RECEIPT_FIELD_NUMBER: _ClassVar[int]
    REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    DECLINE_FIELD_NUMBER: _ClassVar[int]
    FORWARD_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    INFORMATION_REQUEST_FIELD_NUMBER: _ClassVar[int]
    INFORMATION_SUPPLY_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWAL_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    ESCALATION_FIELD_NUMBER: _ClassVar[int]
    REFUSAL_FIELD_NUMBER: _ClassVar[int]
    receipt: Receipt
    registration: Registration
    decline: Decline
    forward: Forward
    comment: Comment
    information_request: InformationRequest
    information_supply: InformationSupply
    decision: Decision
    withdrawal: Withdrawal
    result: Result
    escalation: EscalationNotice
    refusal: ActionRefusal
    def __init__(self, receipt: _Optional[_Union[Receipt, _Mapping]] = ..., registration: _Optional[_Union[Registration, _Mapping]] = ..., decline: _Optional[_Union[Decline, _Mapping]] = ..., forward: _Optional[_Union[Forward, _Mapping]] = ..., comment: _Optional[_Union[Comment, _Mapping]] = ..., information_request: _Optional[_Union[InformationRequest, _Mapping]] = ..., information_supply: _Optional[_Union[InformationSupply, _Mapping]] = ..., decision: _Optional[_Union[Decision, _Mapping]] = ..., withdrawal: _Optional[_Union[Withdrawal, _Mapping]] = ..., result: _Optional[_Union[Result, _Mapping]] = ..., escalation: _Optional[_Union[EscalationNotice, _Mapping]] = ..., refusal: _Optional[_Union[ActionRefusal, _Mapping]] = ...) -> None: ...

class ActionRefusal(_message.Message):
    __slots__ = ("action", "idempotency_key", "taken_at", "code", "message")
    ACTION_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    TAKEN_AT_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    action: str
    idempotency_key: str
    taken_at: _timestamp_pb2.Timestamp
    code: str
    message: str
    def __init__(self, action: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., taken_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., code: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class EscalationNotice(_message.Message):
    __slots__ = ("deadline_id", "warning", "level", "repeat", "due_at", "overdue_ms", "basis", "supervisors", "party", "drill")
    DEADLINE_ID_FIELD_NUMBER: _ClassVar[int]
    WARNING_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    REPEAT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_MS_FIELD_NUMBER: _ClassVar[int]
    BASIS_FIELD_NUMBER: _ClassVar[int]
    SUPERVISORS_FIELD_NUMBER: _ClassVar[int]
    PARTY_FIELD_NUMBER: _ClassVar[int]
    DRILL_FIELD_NUMBER: _ClassVar[int]
    deadline_id: str
    warning: bool
    level: int
    repeat: int
    due_at: _timestamp_pb2.Timestamp
    overdue_ms: int
    basis: str
    supervisors: _containers.RepeatedScalarFieldContainer[str]
    party: str
    drill: bool
    def __init__(self, deadline_id: _Optional[str] = ..., warning: _Optional[bool] = ..., level: _Optional[int] = ..., repeat: _Optional[int] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., overdue_ms: _Optional[int] = ..., basis: _Optional[str] = ..., supervisors: _Optional[_Iterable[str]] = ..., party: _Optional[str] = ..., drill: _Optional[bool] = ...) -> None: ...

class Receipt(_message.Message):
    __slots__ = ("signer_name", "signer_role", "unit", "signed_at")
    SIGNER_NAME_FIELD_NUMBER: _ClassVar[int]
    SIGNER_ROLE_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    SIGNED_AT_FIELD_NUMBER: _ClassVar[int]
    signer_name: str
    signer_role: str
    unit: str
    signed_at: _timestamp_pb2.Timestamp
    def __init__(self, signer_name: _Optional[str] = ..., signer_role: _Optional[str] = ..., unit: _Optional[str] = ..., signed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Registration(_message.Message):
    __slots__ = ("registration_number", "registered_at")
    REGISTRATION_NUMBER_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_AT_FIELD_NUMBER: _ClassVar[int]
    registration_number: str
    registered_at: _timestamp_pb2.Timestamp
    def __init__(self, registration_number: _Optional[str] = ..., registered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Decline(_message.Message):
    __slots__ = ("reason", "legal_basis", "explanation")
    REASON_FIELD_NUMBER: _ClassVar[int]
    LEGAL_BASIS_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    reason: DeclineReason
    legal_basis: _containers.RepeatedCompositeFieldContainer[_channels_pb2.LegalProvision]
    explanation: str
    def __init__(self, reason: _Optional[_Union[DeclineReason, str]] = ..., legal_basis: _Optional[_Iterable[_Union[_channels_pb2.LegalProvision, _Mapping]]] = ..., explanation: _Optional[str] = ...) -> None: ...

class Forward(_message.Message):
    __slots__ = ("to", "reason", "legal_basis")
    TO_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    LEGAL_BASIS_FIELD_NUMBER: _ClassVar[int]
    to: str
    reason: str
    legal_basis: _containers.RepeatedCompositeFieldContainer[_channels_pb2.LegalProvision]
    def __init__(self, to: _Optional[str] = ..., reason: _Optional[str] = ..., legal_basis: _Optional[_Iterable[_Union[_channels_pb2.LegalProvision, _Mapping]]] = ...) -> None: ...

class Comment(_message.Message):
    __slots__ = ("text",)
    TEXT_FIELD_NUMBER: _ClassVar[int]
    text: str
    def __init__(self, text: _Optional[str] = ...) -> None: ...

class InformationRequest(_message.Message):
    __slots__ = ("items", "due_on")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    DUE_ON_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedScalarFieldContainer[str]
    due_on: str
    def __init__(self, items: _Optional[_Iterable[str]] = ..., due_on: _Optional[str] = ...) -> None: ...

class InformationSupply(_message.Message):
    __slots__ = ("in_reply_to", "text")
    IN_REPLY_TO_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    in_reply_to: str
    text: str
    def __init__(self, in_reply_to: _Optional[str] = ..., text: _Optional[str] = ...) -> None: ...

class Decision(_message.Message):
    __slots__ = ("kind", "number", "date", "reasons")
    KIND_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    kind: str
    number: str
    date: str
    reasons: str
    def __init__(self, kind: _Optional[str] = ..., number: _Optional[str] = ..., date: _Optional[str] = ..., reasons: _Optional[str] = ...) -> None: ...

class Withdrawal(_message.Message):
    __slots__ = ("reason",)
    REASON_FIELD_NUMBER: _ClassVar[int]
    reason: str
    def __init__(self, reason: _Optional[str] = ...) -> None: ...

class Result(_message.Message):
    __slots__ = ("kind", "decision_number", "decision_date", "summary")
    KIND_FIELD_NUMBER: _ClassVar[int]
    DECISION_NUMBER_FIELD_NUMBER: _ClassVar[int]
    DECISION_DATE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    kind: str
    decision_number: str
    decision_date: str
    summary: str
    def __init__(self, kind: _Optional[str] = ..., decision_number: _Optional[str] = ..., decision_date: _Optional[str] = ..., summary: _Optional[str] = ...) -> None: ...
