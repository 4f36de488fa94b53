#!/usr/bin/env python3
"""The whole referral workflow from Python against a running broker (driven by the Swift test
PythonClientTests): submit as one agency; receive, acknowledge, sign the receipt and accept with a
registration number as another; verify the case's signatures offline; seal a clue to a commission;
open a clue the Swift CLI sealed.

    python3 clients/python/tests/workflow.py --port 7443 --dev .liaison-dev --open-clue tj.c1
"""
import argparse
import sys
import time

from liaison.v1 import actions_pb2, channels_pb2, common_pb2

from liaison_client import Agency, LiaisonClient, LiaisonError, open_sealed, private_key_file


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dev", required=True, help="the liaisond dev folder (pki/ inside)")
    parser.add_argument("--open-clue", help="a clue case sealed by another client, to open as tj.hp.jwjw")
    args = parser.parse_args()
    target = f"127.0.0.1:{args.port}"
    ca = f"{args.dev}/pki/ca.pem"

    def agency(name: str) -> Agency:
        return Agency.from_files(f"{args.dev}/pki/agencies/{name}", ca)

    with LiaisonClient(target, agency("tj.scjg")) as sender, LiaisonClient(target, agency("tj.hp.scjg")) as receiver:
        submitted = sender.submit(
            common_pb2.Envelope(channel=common_pb2.CHANNEL_REFERRAL, addressees=["tj.hp.scjg"]),
            channels_pb2.CaseBody(referral=channels_pb2.ReferralLetter(
                reference_number="津市监移〔2026〕21号", kind=channels_pb2.REFERRAL_KIND_CASE,
                case_name="无照经营（Python 全流程）", facts_summary="和平区南市街道发现无照经营烟草制品")))
        case = submitted.case_id
        print(f"submitted {case}")

        with receiver.subscribe(ack_wait_ms=30000, timeout=30) as deliveries:
            for delivery in deliveries:
                deliveries.ack(delivery)  # stored first (here: nothing to store), then acknowledged
                if delivery.event.envelope.case_id == case:
                    print(f"received {case} from {delivery.event.envelope.sender}, acknowledged")
                    break

        receipt = actions_pb2.ActionBody(receipt=actions_pb2.Receipt(
            signer_name="王伟", signer_role="法制科科长", unit="和平区市场监管局"))
        now = int(time.time() * 1000)
        first = receiver.act(case, "receipt", receipt, idempotency_key=f"{case}-receipt", now_ms=now)
        print(f"receipted {case}: state {first.event.state}, signed")
        # A retry signs again (new randomness, a later signed_at) and gets the first result.
        again = receiver.act(case, "receipt", receipt, idempotency_key=f"{case}-receipt", now_ms=now + 1)
        print(f"retried receipt: duplicate={again.duplicate} event {again.event.envelope.event_id}")
        registration = actions_pb2.ActionBody(registration=actions_pb2.Registration(
            registration_number="和市监立〔2026〕第88号"))
        registration.registration.registered_at.GetCurrentTime()
        accepted = receiver.act(case, "accept", registration)
        print(f"accepted {case} as {registration.registration.registration_number}: state {accepted.event.state}")

        evidence = sender.verify_case(case)
        for item in evidence:
            print(f"{'VALID  ' if item.valid else 'INVALID'} {item.event_id} {item.action} by {item.actor}"
                  + (f": {item.problem}" if item.problem else ""))
        if len(evidence) != 2 or not all(item.valid for item in evidence):
            return 1

        try:
            receiver.act(case, "order_filing")
        except LiaisonError as error:
            print(f"refused as expected: {error.code}")

        clue = channels_pb2.DisciplineClueLetter(
            reference_number="和市监纪移〔2026〕9号", category=channels_pb2.CLUE_CATEGORY_DUTY_VIOLATION,
            facts="Python 客户端密封的线索：执法人员违规减免罚款", persons=[channels_pb2.PersonConcerned(name="李某")])
        sealed = receiver.submit_clue(["tj.hp.jwjw"], clue)
        print(f"sealed clue submitted as {sealed.case_id}")

    if args.open_clue:
        with LiaisonClient(target, agency("tj.hp.jwjw")) as commission:
            view = commission.get_case(args.open_clue)
            key = private_key_file(f"{args.dev}/pki/agencies/tj.hp.jwjw.seal.key")
            body, _ = open_sealed(view.events[0].body.sealed, "tj.hp.jwjw", key)
            print(f"opened {args.open_clue}: {body.discipline_clue.facts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
