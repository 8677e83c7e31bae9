#!/usr/bin/env bash
# The jq peer of `trailscope summary`: the same counts (events, errors, by source, operation,
# principal and hour) over a corpus's log files, printed as one JSON object. jq cannot read gzip,
# so zcat feeds it the log files (digests left out), one document after another. Used by
# bench/summary.sh and bench/browser.sh with --with-jq; slow (minutes for 1M events).
#
#   bash bench/jq_summary.sh CORPUS_DIR
set -euo pipefail
JQ_PROGRAM='
  def s: if type == "string" then . else "" end;
  def principal: if type != "object" then "(none)"
    elif .type == "AssumedRole" and (.sessionContext.sessionIssuer.arn | s) != "" then .sessionContext.sessionIssuer.arn
    elif .type == "AWSService" and (.invokedBy | s) != "" then .invokedBy
    elif (.arn | s) != "" then .arn
    else "\(.type // "Unknown"):\(.principalId // .accountId // "unknown")" end;
  reduce (inputs | .Records[]?) as $e ({events: 0, errors: 0};
    .events += 1
    | .by_source[$e.eventSource | s] += 1
    | .by_operation["\($e.eventSource | s) \($e.eventName | s
        | sub("([0-9]{8}(v[0-9]+)?|[0-9]{4}_[0-9]{2}_[0-9]{2})$"; ""))"] += 1
    | .by_principal[$e.userIdentity | principal] += 1
    | .by_hour[($e.eventTime | s)[0:13]] += 1
    | if ($e.errorCode | s) != ""
        or ($e.eventName == "ConsoleLogin" and ($e.responseElements | objects | .ConsoleLogin) == "Failure")
      then .errors += 1 else . end)'
find "$1" -path "*/CloudTrail/*" -type f -print0 | sort -z | xargs -0 zcat | jq -n "$JQ_PROGRAM"
