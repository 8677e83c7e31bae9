CREATE EXTERNAL TABLE IF NOT EXISTS trailscope_cloudtrail (
  eventversion STRING,
  useridentity STRUCT<
    type: STRING, principalid: STRING, arn: STRING, accountid: STRING, invokedby: STRING,
    accesskeyid: STRING, username: STRING,
    onbehalfof: STRUCT<userid: STRING, identitystorearn: STRING>,
    sessioncontext: STRUCT<
      attributes: STRUCT<mfaauthenticated: STRING, creationdate: STRING>,
      sessionissuer: STRUCT<type: STRING, principalid: STRING, arn: STRING, accountid: STRING, username: STRING>,
      ec2roledelivery: STRING,
      webidfederationdata: STRUCT<federatedprovider: STRING, attributes: MAP<STRING, STRING>>>>,
  eventtime STRING,
  eventsource STRING,
  eventname STRING,
  awsregion STRING,
  sourceipaddress STRING,
  useragent STRING,
  errorcode STRING,
  errormessage STRING,
  requestparameters STRING,
  responseelements STRING,
  additionaleventdata STRING,
  requestid STRING,
  eventid STRING,
  readonly STRING,
  resources ARRAY<STRUCT<arn: STRING, accountid: STRING, type: STRING>>,
  eventtype STRING,
  apiversion STRING,
  recipientaccountid STRING,
  serviceeventdetails STRING,
  sharedeventid STRING,
  vpcendpointid STRING,
  vpcendpointaccountid STRING,
  eventcategory STRING,
  addendum STRUCT<reason: STRING, updatedfields: STRING, originalrequestid: STRING, originaleventid: STRING>,
  sessioncredentialfromconsole STRING,
  edgedevicedetails STRING,
  tlsdetails STRUCT<tlsversion: STRING, ciphersuite: STRING, clientprovidedhostheader: STRING>
)
PARTITIONED BY (account STRING, region STRING, `timestamp` STRING)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://trail-bucket/org-logs/AWSLogs/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.account.type' = 'enum',
  'projection.account.values' = '111122223333,434177192288',
  'projection.region.type' = 'enum',
  'projection.region.values' = 'us-east-1',
  'projection.timestamp.type' = 'date',
  'projection.timestamp.format' = 'yyyy/MM/dd',
  'projection.timestamp.range' = '2025/02/28,NOW',
  'projection.timestamp.interval' = '1',
  'projection.timestamp.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://trail-bucket/org-logs/AWSLogs/${account}/CloudTrail/${region}/${timestamp}'
);

SELECT
  eventversion,
  json_format(CAST(useridentity AS JSON)) AS useridentity,
  eventtime,
  eventsource,
  eventname,
  awsregion,
  sourceipaddress,
  useragent,
  errorcode,
  errormessage,
  requestparameters,
  responseelements,
  additionaleventdata,
  requestid,
  eventid,
  readonly,
  json_format(CAST(resources AS JSON)) AS resources,
  eventtype,
  apiversion,
  recipientaccountid,
  serviceeventdetails,
  sharedeventid,
  vpcendpointid,
  vpcendpointaccountid,
  eventcategory,
  json_format(CAST(addendum AS JSON)) AS addendum,
  sessioncredentialfromconsole,
  edgedevicedetails,
  json_format(CAST(tlsdetails AS JSON)) AS tlsdetails
FROM trailscope_cloudtrail
WHERE "timestamp" >= '2025/02/28'
  AND "timestamp" <= '2025/03/03'
  AND try(from_iso8601_timestamp(eventtime)) >= TIMESTAMP '2025-03-01 12:00:00.000 UTC'
  AND try(from_iso8601_timestamp(eventtime)) < TIMESTAMP '2025-03-02 06:30:00.250 UTC'
  AND (CASE WHEN coalesce(recipientaccountid, '') <> '' THEN coalesce(recipientaccountid, '') ELSE coalesce(useridentity.accountid, '') END) IN ('111122223333', '434177192288')
  AND coalesce(awsregion, '') IN ('us-east-1')
  AND coalesce(eventsource, '') IN ('iam.amazonaws.com', 'signin.amazonaws.com')
  AND (CASE WHEN NOT coalesce((useridentity IS NOT NULL), false) THEN '(none)' WHEN coalesce(useridentity.type, '') = 'AssumedRole' AND coalesce(useridentity.sessioncontext.sessionissuer.arn, '') <> '' THEN coalesce(useridentity.sessioncontext.sessionissuer.arn, '') WHEN coalesce(useridentity.type, '') = 'AWSService' AND coalesce(useridentity.invokedby, '') <> '' THEN coalesce(useridentity.invokedby, '') WHEN coalesce(useridentity.arn, '') <> '' THEN coalesce(useridentity.arn, '') ELSE (CASE WHEN coalesce(useridentity.type, '') IN ('Root', 'IAMUser', 'AssumedRole', 'FederatedUser', 'AWSService', 'AWSAccount', 'SAMLUser', 'WebIdentityUser', 'IdentityCenterUser') THEN coalesce(useridentity.type, '') ELSE 'Unknown' END) || ':' || coalesce(nullif(useridentity.principalid, ''), nullif(useridentity.accountid, ''), 'unknown') END) IN ('arn:aws:iam::111122223333:user/o''brien''; DROP TABLE x; --', '(none)')
  AND (CASE WHEN coalesce(errorcode, '') <> '' THEN coalesce(errorcode, '') WHEN coalesce(eventsource, '') = 'signin.amazonaws.com' AND (CASE WHEN regexp_like(coalesce(eventname, ''), '[0-9]{8}v[0-9]+$') THEN regexp_replace(coalesce(eventname, ''), '(?s)^(.+)(199[0-9]|20[0-9][0-9])(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])v[0-9]+$', '$1') ELSE regexp_replace(coalesce(eventname, ''), '(?s)^(.+)((199[0-9]|20[0-9][0-9])(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])|(199[0-9]|20[0-9][0-9])_(0[1-9]|1[0-2])_(0[1-9]|[12][0-9]|3[01]))$', '$1') END) = 'ConsoleLogin' AND coalesce(json_extract_scalar(responseelements, '$.ConsoleLogin'), '') = 'Failure' THEN 'ConsoleLoginFailure' ELSE '' END) IN ('ConsoleLoginFailure', 'Access\Denied')
  AND ((coalesce(eventsource, '') = 'signin.amazonaws.com' AND (CASE WHEN regexp_like(coalesce(eventname, ''), '[0-9]{8}v[0-9]+$') THEN regexp_replace(coalesce(eventname, ''), '(?s)^(.+)(199[0-9]|20[0-9][0-9])(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])v[0-9]+$', '$1') ELSE regexp_replace(coalesce(eventname, ''), '(?s)^(.+)((199[0-9]|20[0-9][0-9])(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])|(199[0-9]|20[0-9][0-9])_(0[1-9]|1[0-2])_(0[1-9]|[12][0-9]|3[01]))$', '$1') END) = 'ConsoleLogin') OR (coalesce(eventsource, '') = 'lambda.amazonaws.com' AND (CASE WHEN regexp_like(coalesce(eventname, ''), '[0-9]{8}v[0-9]+$') THEN regexp_replace(coalesce(eventname, ''), '(?s)^(.+)(199[0-9]|20[0-9][0-9])(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])v[0-9]+$', '$1') ELSE regexp_replace(coalesce(eventname, ''), '(?s)^(.+)((199[0-9]|20[0-9][0-9])(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])|(199[0-9]|20[0-9][0-9])_(0[1-9]|1[0-2])_(0[1-9]|[12][0-9]|3[01]))$', '$1') END) = 'GetFunction'))
  AND (CASE WHEN coalesce(errorcode, '') <> '' THEN coalesce(errorcode, '') WHEN coalesce(eventsource, '') = 'signin.amazonaws.com' AND (CASE WHEN regexp_like(coalesce(eventname, ''), '[0-9]{8}v[0-9]+$') THEN regexp_replace(coalesce(eventname, ''), '(?s)^(.+)(199[0-9]|20[0-9][0-9])(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])v[0-9]+$', '$1') ELSE regexp_replace(coalesce(eventname, ''), '(?s)^(.+)((199[0-9]|20[0-9][0-9])(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])|(199[0-9]|20[0-9][0-9])_(0[1-9]|1[0-2])_(0[1-9]|[12][0-9]|3[01]))$', '$1') END) = 'ConsoleLogin' AND coalesce(json_extract_scalar(responseelements, '$.ConsoleLogin'), '') = 'Failure' THEN 'ConsoleLoginFailure' ELSE '' END) <> ''
  AND lower(coalesce(readonly, '')) = 'false';
