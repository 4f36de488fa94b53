#!/usr/bin/env python3
"""A Liaison client in Python: submit a referral as one agency, receive and acknowledge it as another.

Generate the stubs from the contract first (grpcio-tools from PyPI):

    python3 -m grpc_tools.protoc -I Protocol --python_out=OUT --grpc_python_out=OUT \
        Protocol/liaison/v1/*.proto
    PYTHONPATH=OUT python3 Protocol/examples/python/referral.py --port 7443 \
        --ca .liaison-dev/pki/ca.pem \
        --sender .liaison-dev/pki/agencies/tj.scjg --receiver .liaison-dev/pki/agencies/tj.hp.scjg

Each agency is a certificate (`<base>.pem`) and its key (`<base>.key`) issued by the Liaison CA;
the broker takes the agency from the certificate, never from the request.
"""
import argparse
import queue
import sys
import uuid

import grpc

from liaison.v1 import broker_pb2, broker_pb2_grpc, common_pb2, channels_pb2


def channel(host, port, ca, base):
    """A mutual-TLS channel to the broker with the agency certificate at `base`."""
    with open(ca, "rb") as f:
        root = f.read()
    with open(base + ".key", "rb") as f:
        key = f.read()
    with open(base + ".pem", "rb") as f:
        chain = f.read()
    credentials = grpc.ssl_channel_credentials(root_certificates=root, private_key=key, certificate_chain=chain)
    return grpc.secure_channel(f"{host}:{port}", credentials, options=[("grpc.ssl_target_name_override", "localhost")])


def submit(stub, to):
    request = broker_pb2.SubmitRequest(
        envelope=common_pb2.Envelope(channel=common_pb2.CHANNEL_REFERRAL, addressees=[to]),
        body=channels_pb2.CaseBody(
            referral=channels_pb2.ReferralLetter(
                reference_number="津市监移〔2026〕12号",
                kind=channels_pb2.REFERRAL_KIND_CASE,
                case_name="无照经营（Python 客户端）",
                facts_summary="和平区南市街道发现无照经营烟草制品",
            )
        ),
        idempotency_key=str(uuid.uuid4()),
    )
    return stub.Submit(request, timeout=10)


def receive_and_acknowledge(stub, case_id):
    """Subscribes, waits for the delivery of `case_id`, acknowledges it; returns the delivery."""
    outbound = queue.Queue()
    outbound.put(broker_pb2.SubscribeRequest(options=broker_pb2.SubscribeOptions(ack_wait_ms=30000), credit=16))

    def requests():
        while True:
            item = outbound.get()
            if item is None:
                return
            yield item

    call = stub.Subscribe(requests(), timeout=20)
    found = None
    try:
        for batch in call:
            for delivery in batch.deliveries:
                # Acknowledge only after the event is stored on our side (here: printed below).
                outbound.put(broker_pb2.SubscribeRequest(acks=[delivery.delivery_id], credit=1))
                if delivery.event.envelope.case_id == case_id:
                    found = delivery
            if found is not None:
                # Close our side; the broker ends the stream after it has read the acknowledgement.
                outbound.put(None)
    finally:
        outbound.put(None)
    if found is None:
        raise RuntimeError("the subscription ended before the delivery arrived")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7443)
    parser.add_argument("--ca", required=True)
    parser.add_argument("--sender", required=True, help="certificate base path of the sending agency")
    parser.add_argument("--receiver", required=True, help="certificate base path of the receiving agency")
    parser.add_argument("--to", default="tj.hp.scjg")
    args = parser.parse_args()

    with channel(args.host, args.port, args.ca, args.sender) as sending:
        try:
            response = submit(broker_pb2_grpc.BrokerStub(sending), args.to)
        except grpc.RpcError as error:
            print(f"refused: {error.code().name}: {error.details()}", file=sys.stderr)
            return 1
    print(f"submitted {response.case_id} (event {response.event_id}, state {response.state})")

    with channel(args.host, args.port, args.ca, args.receiver) as receiving:
        stub = broker_pb2_grpc.BrokerStub(receiving)
        delivery = receive_and_acknowledge(stub, response.case_id)
        print(f"received delivery {delivery.delivery_id} of {delivery.event.envelope.case_id}: "
              f"{delivery.event.body.referral.case_name} from {delivery.event.envelope.sender}")
        case = stub.GetCase(broker_pb2.GetCaseRequest(case_id=response.case_id), timeout=10)
    print(f"acknowledged; the case is {case.summary.state} with {len(case.events)} event(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
