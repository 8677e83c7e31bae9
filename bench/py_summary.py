#!/usr/bin/env python3
"""The baseline of bench/summary.sh: a plain Python json loop computing the counts of
`trailscope summary` (events, duplicates, undated, errors, by_source, by_operation, by_principal,
by_hour) over CloudTrail files (.json or .json.gz) below the given paths.

Same rules as the core engine, so the counts can be compared: documents without "Records"
(digests) are skipped, events are de-duplicated by eventID, event names lose an API-version
suffix, and the principal is AssumedRole -> sessionContext.sessionIssuer.arn, AWSService ->
invokedBy, else arn, else "<type>:<principalId or accountId>", no userIdentity -> "(none)"; an
event is an error when it has an errorCode or is a failed ConsoleLogin (which has none).
Standard library only. Prints one JSON object."""
import gzip
import json
import os
import re
import sys
from collections import Counter

TYPES = {"Root", "IAMUser", "AssumedRole", "FederatedUser", "AWSService", "AWSAccount",
         "SAMLUser", "WebIdentityUser", "IdentityCenterUser"}
def failed_sign_in(event):
    """A ConsoleLogin whose responseElements.ConsoleLogin is "Failure" (CloudTrail gives it no
    errorCode; the engine records ConsoleLoginFailure)."""
    response = event.get("responseElements")
    return (event.get("eventSource") == "signin.amazonaws.com" and event.get("eventName") == "ConsoleLogin"
            and isinstance(response, dict) and response.get("ConsoleLogin") == "Failure")


VERSION_MARKER = re.compile(r"(?<=[0-9]{8})v[0-9]+$")
HOUR = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2})")


def text(value):
    """A field as the engine reads it: strings as they are, anything else as absent."""
    return value if isinstance(value, str) else ""


def is_date(s):
    return (s.isascii() and s.isdigit() and 1990 <= int(s[:4]) <= 2099
            and 1 <= int(s[4:6]) <= 12 and 1 <= int(s[6:8]) <= 31)


def fold(name):
    """`SynthesizeSpeech20161128` -> `SynthesizeSpeech`, `GetFunction20150331v2` -> `GetFunction`,
    `GetDistribution2020_05_31` -> `GetDistribution` (see core/src/normalize/event_name.rs)."""
    base = VERSION_MARKER.sub("", name)
    if len(base) > 8 and is_date(base[-8:]):
        return base[:-8]
    tail = name[-10:]
    if len(name) > 10 and tail[4] == "_" and tail[7] == "_" and is_date(tail[0:4] + tail[5:7] + tail[8:10]):
        return name[:-10]
    return name


def principal(user):
    if not isinstance(user, dict):
        return "(none)"
    kind = text(user.get("type"))
    kind = kind if kind in TYPES else "Unknown"
    context = user.get("sessionContext") if isinstance(user.get("sessionContext"), dict) else {}
    issuer = context.get("sessionIssuer") if isinstance(context.get("sessionIssuer"), dict) else {}
    if kind == "AssumedRole" and text(issuer.get("arn")):
        return issuer["arn"]
    if kind == "AWSService" and text(user.get("invokedBy")):
        return user["invokedBy"]
    if text(user.get("arn")):
        return user["arn"]
    ident = text(user.get("principalId")) or text(user.get("accountId")) or "unknown"
    return f"{kind}:{ident}"


def files_below(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, names in os.walk(path):
                dirs.sort()
                for name in sorted(names):
                    yield os.path.join(root, name)
        else:
            yield path


def main(paths):
    seen = set()
    out = dict(files=0, failed=0, events=0, duplicates=0, undated=0, errors=0)
    by = {k: Counter() for k in ("by_source", "by_operation", "by_principal", "by_hour")}
    for path in files_below(paths):
        out["files"] += 1
        try:
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rb") as f:
                doc = json.load(f)
        except (OSError, ValueError, EOFError):
            out["failed"] += 1
            continue
        records = doc.get("Records") if isinstance(doc, dict) else None
        if not isinstance(records, list):
            continue  # a digest file, or not CloudTrail
        for event in records:
            if not isinstance(event, dict):
                continue
            event_id = text(event.get("eventID"))
            if event_id:
                if event_id in seen:
                    out["duplicates"] += 1
                    continue
                seen.add(event_id)
            out["events"] += 1
            source = text(event.get("eventSource"))
            by["by_source"][source] += 1
            by["by_operation"][f"{source} {fold(text(event.get('eventName')))}"] += 1
            by["by_principal"][principal(event.get("userIdentity"))] += 1
            hour = HOUR.match(text(event.get("eventTime")))
            if hour:
                by["by_hour"][hour.group(1)] += 1
            else:
                out["undated"] += 1
            if text(event.get("errorCode")) or failed_sign_in(event):
                out["errors"] += 1
    out.update({k: dict(sorted(v.items())) for k, v in by.items()})
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: py_summary.py PATH...")
    main(sys.argv[1:])
