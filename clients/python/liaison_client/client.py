"""A connection to the Liaison broker as one agency (mutual TLS with its certificate)."""

import queue
import threading
import uuid
from typing import Iterator, List, Optional, Sequence

import grpc
from google.protobuf import any_pb2
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from liaison.v1 import actions_pb2, broker_pb2, broker_pb2_grpc, channels_pb2, common_pb2

from . import sealing
from .evidence import Evidence, verify_case
from .signing import requires_signature, sign_request


class LiaisonError(Exception):
    """A refusal by the broker: its registry code (LIAISON_…), message and field path."""

    def __init__(self, code: str, message: str, field_path: str = "", status: Optional[grpc.StatusCode] = None):
        super().__init__(f"{code}: {message}" + (f" (field {field_path})" if field_path else ""))
        self.code = code
        self.message = message
        self.field_path = field_path
        self.status = status

    @classmethod
    def from_rpc(cls, error: grpc.RpcError) -> "LiaisonError":
        """The broker's ErrorDetail (packed in the status details), or the gRPC status alone."""
        for key, value in (error.trailing_metadata() or ()):
            if key == "grpc-status-details-bin":
                detail = _error_detail(value)
                if detail is not None:
                    return cls(detail.code, detail.message, detail.field_path, error.code())
        details = error.details() or ""
        code, _, message = details.partition(": ")
        if not code.startswith("LIAISON_"):
            code, message = error.code().name, details
        return cls(code, message, "", error.code())


def _fields(data: bytes) -> Iterator[tuple]:
    """The (number, value) pairs of a protobuf message's length-delimited fields."""
    i = 0
    while i < len(data):
        tag, i = _varint(data, i)
        number, kind = tag >> 3, tag & 7
        if kind == 0:
            _, i = _varint(data, i)
        elif kind == 2:
            size, i = _varint(data, i)
            yield number, data[i:i + size]
            i += size
        elif kind == 1:
            i += 8
        elif kind == 5:
            i += 4
        else:
            return


def _varint(data: bytes, i: int) -> tuple:
    value, shift = 0, 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, i
        shift += 7


def _error_detail(status: bytes) -> Optional[common_pb2.ErrorDetail]:
    """The liaison.v1.ErrorDetail packed in a google.rpc.Status (field 3: repeated Any)."""
    for number, value in _fields(status):
        if number != 3:
            continue
        packed = any_pb2.Any()
        packed.ParseFromString(value)
        if packed.type_url.endswith("/liaison.v1.ErrorDetail"):
            detail = common_pb2.ErrorDetail()
            packed.Unpack(detail)
            return detail
    return None


class Agency:
    """An agency's credentials: its certificate chain and key (issued by the Liaison CA) and the CA."""

    def __init__(self, certificate_pem: bytes, key_pem: bytes, ca_pem: bytes):
        self.certificate_pem = certificate_pem
        self.key_pem = key_pem
        self.ca_pem = ca_pem
        self.signing_key = load_pem_private_key(key_pem, password=None)

    @classmethod
    def from_files(cls, base: str, ca: str) -> "Agency":
        """`base.pem` and `base.key` (as `liaisond dev` writes them under pki/agencies/), and the CA."""
        with open(base + ".pem", "rb") as c, open(base + ".key", "rb") as k, open(ca, "rb") as a:
            return cls(c.read(), k.read(), a.read())


class Subscription:
    """Deliveries as the broker pushes them; acknowledge each once it is stored on your side."""

    def __init__(self, stub: broker_pb2_grpc.BrokerStub, ack_wait_ms: int, credit: int, timeout: Optional[float]):
        self._outbound: "queue.Queue[Optional[broker_pb2.SubscribeRequest]]" = queue.Queue()
        self._outbound.put(broker_pb2.SubscribeRequest(
            options=broker_pb2.SubscribeOptions(ack_wait_ms=ack_wait_ms), credit=credit))
        self._call = stub.Subscribe(self._requests(), timeout=timeout)
        self.committed_acks: List[int] = []
        self._lock = threading.Lock()

    def _requests(self) -> Iterator[broker_pb2.SubscribeRequest]:
        while True:
            item = self._outbound.get()
            if item is None:
                return
            yield item

    def __iter__(self) -> Iterator[broker_pb2.Delivery]:
        try:
            for batch in self._call:
                with self._lock:
                    self.committed_acks += batch.committed_acks
                yield from batch.deliveries
        except grpc.RpcError as error:
            if error.code() not in (grpc.StatusCode.CANCELLED, grpc.StatusCode.DEADLINE_EXCEEDED):
                raise LiaisonError.from_rpc(error) from error

    def ack(self, delivery: broker_pb2.Delivery, credit: int = 1) -> None:
        """Acknowledges a delivery (after it is durably stored) and asks for `credit` more."""
        self._outbound.put(broker_pb2.SubscribeRequest(acks=[delivery.delivery_id], credit=credit))

    def close(self) -> None:
        """Ends the subscription; the broker ends the stream after reading what was sent."""
        self._outbound.put(None)

    def __enter__(self) -> "Subscription":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
        self._call.cancel()


class LiaisonClient:
    """One agency's connection. Every call raises LiaisonError with the broker's code on refusal."""

    def __init__(self, target: str, agency: Agency, server_name: str = "localhost", timeout: float = 10):
        credentials = grpc.ssl_channel_credentials(
            root_certificates=agency.ca_pem, private_key=agency.key_pem, certificate_chain=agency.certificate_pem)
        self.agency = agency
        self.timeout = timeout
        self._channel = grpc.secure_channel(target, credentials,
                                            options=[("grpc.ssl_target_name_override", server_name)])
        self.stub = broker_pb2_grpc.BrokerStub(self._channel)

    def __enter__(self) -> "LiaisonClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._channel.close()

    def _call(self, method, request):
        try:
            return method(request, timeout=self.timeout)
        except grpc.RpcError as error:
            raise LiaisonError.from_rpc(error) from error

    def submit(self, envelope: common_pb2.Envelope, body: channels_pb2.CaseBody,
               idempotency_key: Optional[str] = None) -> broker_pb2.SubmitResponse:
        """Opens a case. Reuse the same idempotency key for every retry of one request."""
        request = broker_pb2.SubmitRequest(envelope=envelope, body=body,
                                           idempotency_key=idempotency_key or str(uuid.uuid4()))
        return self._call(self.stub.Submit, request)

    def act(self, case_id: str, action: str, body: Optional[actions_pb2.ActionBody] = None,
            attachments: Sequence[common_pb2.AttachmentRef] = (), idempotency_key: Optional[str] = None,
            now_ms: Optional[int] = None) -> broker_pb2.ActResponse:
        """Takes an action on a case; signs it with the agency's key when the stage must be signed."""
        request = broker_pb2.ActRequest(case_id=case_id, action=action, body=body or actions_pb2.ActionBody(),
                                        attachments=list(attachments),
                                        idempotency_key=idempotency_key or str(uuid.uuid4()))
        if requires_signature(request.body):
            sign_request(request, self.agency.signing_key, now_ms)
        return self._call(self.stub.Act, request)

    def subscribe(self, ack_wait_ms: int = 30000, credit: int = 16, timeout: Optional[float] = None) -> Subscription:
        """The agency's deliveries, from the oldest unacknowledged one."""
        return Subscription(self.stub, ack_wait_ms, credit, timeout)

    def get_case(self, case_id: str) -> broker_pb2.CaseView:
        """A case with its events and deadlines, as this agency may see it."""
        return self._call(self.stub.GetCase, broker_pb2.GetCaseRequest(case_id=case_id))

    def agencies(self, ids: Sequence[str] = ()) -> List[broker_pb2.AgencyInfo]:
        """Agencies of the directory (with their published sealing keys)."""
        return list(self._call(self.stub.GetAgencies, broker_pb2.GetAgenciesRequest(ids=list(ids))).agencies)

    def submit_clue(self, addressees: Sequence[str], clue: channels_pb2.DisciplineClueLetter, copies: Sequence[str] = (),
                    idempotency_key: Optional[str] = None) -> broker_pb2.SubmitResponse:
        """Seals a discipline clue to every addressee's and copy's published key, then submits it."""
        key = idempotency_key or str(uuid.uuid4())
        parties = list(addressees) + list(copies)
        found = {info.id: bytes(info.sealing_key) for info in self.agencies(parties)}
        missing = [agency for agency in parties if not found.get(agency)]
        if missing:
            raise LiaisonError("LIAISON_SEALING_REQUIRED", f"no published sealing key for {', '.join(missing)}")
        sealed, _ = sealing.seal(channels_pb2.CaseBody(discipline_clue=clue), [(a, found[a]) for a in parties], key)
        envelope = common_pb2.Envelope(channel=common_pb2.CHANNEL_DISCIPLINE_CLUE, addressees=list(addressees),
                                       copies=list(copies))
        return self.submit(envelope, channels_pb2.CaseBody(sealed=sealed), key)

    def verify_case(self, case_id: str) -> List[Evidence]:
        """Every signature of the case, checked here against the CA (not trusting the broker)."""
        return verify_case(self.get_case(case_id), self.agency.ca_pem)
