#!/usr/bin/env python3
"""A webhook receiver that checks ContractWatch's deliveries with the Standard Webhooks reference
library (PyPI `standardwebhooks`), for the delivery tests and for trying a subscription by hand.

It listens on 127.0.0.1 (an ephemeral port, written to --port-file), answers the first requests as
--fail says (`500`, `503`: that status; `timeout`: no answer for --hang seconds), and every later
one with 204 when the library verifies it and 401 when it does not. For each request it appends a
JSON line to --log: the headers, the body, whether the library verified it, and whether it rejects
the same delivery tampered with (a byte of the body changed), replayed later (the captured headers
checked ten minutes on) and replayed with a fresh timestamp (the captured signature).

    python3 scripts/webhook-receiver.py --secret whsec_... --port-file port --log log.jsonl --fail 500,timeout
"""
import argparse
import datetime as dt
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

try:
    import standardwebhooks.webhooks as sw
except ImportError:
    sys.exit("needs the PyPI package standardwebhooks: python3 -m pip install standardwebhooks")


class _Later(dt.datetime):
    """The library's clock, ten minutes on: a delivery checked then is a replay."""

    @classmethod
    def now(cls, tz=None):
        return dt.datetime.now(tz) + dt.timedelta(minutes=10)


def rejects(webhook, body, headers, later=False):
    """True when the library refuses the delivery."""
    clock = sw.datetime
    if later:
        sw.datetime = _Later
    try:
        webhook.verify(body, headers)
        return False
    except sw.WebhookVerificationError:
        return True
    finally:
        sw.datetime = clock


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--secret", required=True, help="the subscription's secret, as POST /api/webhooks gave it")
    parser.add_argument(
        "--raw-secret", action="store_true",
        help="use the secret's UTF-8 bytes as the key (a subscription made before whsec_ secrets)")
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--fail", default="", help="comma-separated answers to the first requests: 500, 503, timeout")
    parser.add_argument("--hang", type=float, default=3, help="seconds a `timeout` answer waits")
    parser.add_argument("--lifetime", type=float, default=300, help="seconds after which it exits, whatever happens")
    args = parser.parse_args()
    # A test runner may start it with SIGTERM blocked or ignored; `terminate()` must still end it,
    # and a test that fails before stopping it must not leave it running.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Timer(args.lifetime, lambda: os._exit(0)).start()

    webhook = sw.Webhook(args.secret.encode() if args.raw_secret else args.secret)
    plan = [step for step in args.fail.split(",") if step]
    lock = threading.Lock()
    count = [0]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {name.lower(): value for name, value in self.headers.items()}
            with lock:
                index = count[0]
                count[0] += 1
            verified = not rejects(webhook, body, headers)
            tampered = bytearray(body)
            tampered[len(tampered) // 2] ^= 0x01
            fresh = dict(headers, **{"webhook-timestamp": str(int(time.time()) + 1)})
            step = plan[index] if index < len(plan) else ("ok" if verified else "refuse")
            record = {
                "index": index, "headers": headers, "body": body.decode("utf-8", "replace"), "verified": verified,
                "tamperedRejected": rejects(webhook, bytes(tampered), headers),
                "replayRejected": rejects(webhook, body, headers, later=True),
                "freshTimestampRejected": rejects(webhook, body, fresh), "answer": step,
            }
            with lock, open(args.log, "a") as log:
                log.write(json.dumps(record) + "\n")
            try:
                if step == "timeout":
                    time.sleep(args.hang)
                    self.send_response(204)
                elif step == "ok":
                    self.send_response(204)
                elif step == "refuse":
                    self.send_response(401)
                else:
                    self.send_response(int(step))
                self.send_header("Content-Length", "0")
                self.end_headers()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the sender gave up waiting, as a timeout is meant to make it

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(args.port_file + ".tmp", "w") as out:
        out.write(str(server.server_address[1]))
    # Renamed into place, so a reader never sees a half-written port.
    os.replace(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
