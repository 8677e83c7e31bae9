#!/usr/bin/env python3
"""A worst case for the findings built on credential lineage, which ct-gen cannot make (its STS
and IAM responses issue keys that no later event uses):

    python3 bench/lineage_worst_case.py bench/out/lineage-worst [--events 1000000]

2,000 IAM users, each working from one or two addresses with its long-term key. 2 % of events
assume a role (a cross-account one 1 time in 500) and the user's session then makes 58 % of the
events, one call in 400 from somewhere else; 3 % are an admin creating a new key for a user, who
switches to it. So every issued key is used and tens of thousands of keys are created: far more
of both than a real trail holds. Writes {"Records": [...]} files of 2,000 events. Deterministic;
standard library only."""
import argparse
import json
import os
import random

A, B = "111122223333", "444455556666"
START = 1794268800  # 2026-11-10T00:00:00Z
SPAN = 7 * 86400


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--events", type=int, default=1000000)
    args = parser.parse_args()
    r = random.Random(5)
    os.makedirs(args.out, exist_ok=True)

    def address():
        return "%d.%d.%d.%d" % (r.randint(11, 200), r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))

    users = [{"name": "u%d" % n, "key": "AKIA%016d" % n, "ips": [address() for _ in range(r.randint(1, 2))], "session": None}
             for n in range(2000)]
    admin = users[0]

    def iam_user(u):
        return {"type": "IAMUser", "principalId": "AIDA" + u["name"].upper(), "arn": "arn:aws:iam::%s:user/%s" % (A, u["name"]),
                "accountId": A, "accessKeyId": u["key"], "userName": u["name"]}

    def role_session(account, role, session, key):
        return {"type": "AssumedRole", "principalId": "AROA%s:%s" % (role.upper(), session),
                "arn": "arn:aws:sts::%s:assumed-role/%s/%s" % (account, role, session), "accountId": account, "accessKeyId": key,
                "sessionContext": {"sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::%s:role/%s" % (account, role),
                                                     "accountId": account, "userName": role},
                                   "attributes": {"creationDate": "2026-11-10T00:00:00Z", "mfaAuthenticated": "false"}}}

    records = []
    for n in range(args.events):
        t = START + n * SPAN // args.events
        u = r.choice(users)
        here = r.choice(u["ips"])
        event = {"eventVersion": "1.09", "eventTime": "2026-11-%02dT%02d:%02d:%02dZ" % (10 + (t - START) // 86400, t // 3600 % 24, t // 60 % 60, t % 60),
                 "awsRegion": "us-east-1", "userAgent": "aws-cli/2.15.30", "eventID": "e%07d" % n, "requestID": "r%07d" % n,
                 "eventType": "AwsApiCall", "recipientAccountId": A}
        x = r.random()
        if x < 0.02:
            key = "ASIA%016d" % n
            role = r.choice(("Deploy", "Admin", "ReadOnly"))
            account = B if r.random() < 0.002 else A
            session = "%s-%d" % (u["name"], n)
            event.update(userIdentity=iam_user(u), eventSource="sts.amazonaws.com", eventName="AssumeRole", sourceIPAddress=here,
                         requestParameters={"roleArn": "arn:aws:iam::%s:role/%s" % (account, role), "roleSessionName": session},
                         responseElements={"credentials": {"accessKeyId": key, "sessionToken": "IQoJEXAMPLE", "expiration": "Nov 17, 2026, 0:00:00 AM"},
                                           "assumedRoleUser": {"assumedRoleId": "AROA%s:%s" % (role.upper(), session),
                                                               "arn": "arn:aws:sts::%s:assumed-role/%s/%s" % (account, role, session)}})
            u["session"] = (role_session(account, role, session, key), here)
        elif x < 0.60 and u["session"] is not None:
            identity, obtained_at = u["session"]
            elsewhere = address() if r.random() < 0.0025 else obtained_at
            event.update(userIdentity=identity, eventSource="s3.amazonaws.com", eventName="GetObject", sourceIPAddress=elsewhere)
        elif 0.60 <= x < 0.63:
            key = "AKIANEW%013d" % n
            event.update(userIdentity=iam_user(admin), eventSource="iam.amazonaws.com", eventName="CreateAccessKey",
                         sourceIPAddress=admin["ips"][0], requestParameters={"userName": u["name"]},
                         responseElements={"accessKey": {"accessKeyId": key, "userName": u["name"], "status": "Active"}})
            u["key"] = key
        else:
            event.update(userIdentity=iam_user(u), eventSource="ec2.amazonaws.com", eventName="DescribeInstances", sourceIPAddress=here)
        records.append(event)
    for start in range(0, args.events, 2000):
        with open(os.path.join(args.out, "part-%05d.json" % (start // 2000)), "w") as f:
            json.dump({"Records": records[start:start + 2000]}, f)


if __name__ == "__main__":
    main()
