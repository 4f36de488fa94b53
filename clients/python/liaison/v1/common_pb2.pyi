import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from liaison.v1 import channels_pb2 as _channels_pb2
from liaison.v1 import actions_pb2 as _actions_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Channel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHANNEL_UNSPECIFIED: _ClassVar[Channel]
    CHANNEL_REFERRAL: _ClassVar[Channel]
    CHANNEL_DISPUTE: _ClassVar[Channel]
    CHANNEL_CRIMINAL_TRANSFER: _ClassVar[Channel]
    CHANNEL_DISCIPLINE_CLUE: _ClassVar[Channel]
    CHANNEL_ESCALATION: _ClassVar[Channel]

class Confidentiality(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONFIDENTIALITY_UNSPECIFIED: _ClassVar[Confidentiality]
    CONFIDENTIALITY_NORMAL: _ClassVar[Confidentiality]
    CONFIDENTIALITY_INTERNAL: _ClassVar[Confidentiality]
    CONFIDENTIALITY_WORK_SECRET: _ClassVar[Confidentiality]
CHANNEL_UNSPECIFIED: Channel
CHANNEL_REFERRAL: Channel
CHANNEL_DISPUTE: Channel
CHANNEL_CRIMINAL_TRANSFER: Channel
CHANNEL_DISCIPLINE_CLUE: Channel
CHANNEL_ESCALATION: Channel
CONFIDENTIALITY_UNSPECIFIED: Confidentiality
CONFIDENTIALITY_NORMAL: Confidentiality
CONFIDENTIALITY_INTERNAL: Confidentiality
CONFIDENTIALITY_WORK_SECRET: Confidentiality

class AttachmentRef(_message.Message):
    __slots__ = ("sha256", "size", "title", "kind", "pages", "original", "media_type")
    SHA256_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PAGES_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    sha256: str
    size: int
    title: str
    kind: str
    pages: int
    original: bool
    media_type: str
    def __init__(self, sha256: _Optional[str] = ..., size: _Optional[int] = ..., title: _Optional[str] = ..., kind: _Optional[str] = ..., pages: _Optional[int] = ..., original: _Optional[bool] = ..., media_type: _Optional[str] = ...) -> None: ...

class Envelope(_message.Message):
    __slots__ = ("case_id", "event_id", "channel", "sender", "operator", "addressees", "copies", "time", "idempotency_key", "attachments", "drill", "confidentiality")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    SENDER_FIELD_NUMBER: _ClassVar[int]
    OPERATOR_FIELD_NUMBER: _ClassVar[int]
    ADDRESSEES_FIELD_NUMBER: _ClassVar[int]
    COPIES_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    DRILL_FIELD_NUMBER: _ClassVar[int]
    CONFIDENTIALITY_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    event_id: str
    channel: Channel
    sender: str
    operator: str
    addressees: _containers.RepeatedScalarFieldContainer[str]
    copies: _containers.RepeatedScalarFieldContainer[str]
    time: _timestamp_pb2.Timestamp
    idempotency_key: str
    attachments: _containers.RepeatedCompositeFieldContainer[AttachmentRef]
    drill: bool
    confidentiality: Confidentiality
    def __init__(self, case_id: _Optional[str] = ..., event_id: _Optional[str] = ..., channel: _Optional[_Union[Channel, str]] = ..., sender: _Optional[str] = ..., operator: _Optional[str] = ..., addressees: _Optional[_Iterable[str]] = ..., copies: _Optional[_Iterable[str]] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., idempotency_key: _Optional[str] = ..., attachments: _Optional[_Iterable[_Union[AttachmentRef, _Mapping]]] = ..., drill: _Optional[bool] = ..., confidentiality: _Optional[_Union[Confidentiality, str]] = ...) -> None: ...

class Event(_message.Message):
    __slots__ = ("envelope", "sequence", "action", "state", "body", "action_body", "signature")
    ENVELOPE_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    ACTION_BODY_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    envelope: Envelope
    sequence: int
    action: str
    state: str
    body: _channels_pb2.CaseBody
    action_body: _actions_pb2.ActionBody
    signature: ActionSignature
    def __init__(self, envelope: _Optional[_Union[Envelope, _Mapping]] = ..., sequence: _Optional[int] = ..., action: _Optional[str] = ..., state: _Optional[str] = ..., body: _Optional[_Union[_channels_pb2.CaseBody, _Mapping]] = ..., action_body: _Optional[_Union[_actions_pb2.ActionBody, _Mapping]] = ..., signature: _Optional[_Union[ActionSignature, _Mapping]] = ...) -> None: ...

class ActionSignature(_message.Message):
    __slots__ = ("signature", "signed_at", "certificate")
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    SIGNED_AT_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATE_FIELD_NUMBER: _ClassVar[int]
    signature: bytes
    signed_at: _timestamp_pb2.Timestamp
    certificate: bytes
    def __init__(self, signature: _Optional[bytes] = ..., signed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., certificate: _Optional[bytes] = ...) -> None: ...

class ErrorDetail(_message.Message):
    __slots__ = ("code", "message", "field_path")
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    FIELD_PATH_FIELD_NUMBER: _ClassVar[int]
    code: str
    message: str
    field_path: str
    def __init__(self, code: _Optional[str] = ..., message: _Optional[str] = ..., field_path: _Optional[str] = ...) -> None: ...
