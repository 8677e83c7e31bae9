//! Athena: AWS's documented CloudTrail table (Hive's JSON SerDe over CloudTrail's input format)
//! with partition projection over the account, region and date folders CloudTrail delivers to,
//! then a SELECT whose struct columns are written as JSON text, so that the result's CSV reloads
//! with every field the views read. File dates are delivery times, so the date folders read
//! reach a day past each end of the time range.

use super::predicate::{where_clause, Dialect, Fields};
use super::quote::literal;
use super::{trimmed, Request};
use crate::error::SqlError;
use crate::time::{format_day_folder, MS_PER_DAY};

/// The table the DDL creates and the SELECT reads.
const TABLE: &str = "trailscope_cloudtrail";

/// The first day projected when none is known: CloudTrail's launch.
const FIRST_DAY: &str = "2013/11/01";

/// The table's columns as AWS documents them for CloudTrail logs.
const COLUMNS: &str = "  eventversion STRING,
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
  tlsdetails STRUCT<tlsversion: STRING, ciphersuite: STRING, clientprovidedhostheader: STRING>";

/// The columns selected, the structs among them as JSON text.
const SELECTED: [&str; 29] = [
    "eventversion",
    "useridentity*",
    "eventtime",
    "eventsource",
    "eventname",
    "awsregion",
    "sourceipaddress",
    "useragent",
    "errorcode",
    "errormessage",
    "requestparameters",
    "responseelements",
    "additionaleventdata",
    "requestid",
    "eventid",
    "readonly",
    "resources*",
    "eventtype",
    "apiversion",
    "recipientaccountid",
    "serviceeventdetails",
    "sharedeventid",
    "vpcendpointid",
    "vpcendpointaccountid",
    "eventcategory",
    "addendum*",
    "sessioncredentialfromconsole",
    "edgedevicedetails",
    "tlsdetails*",
];

/// The DDL and the SELECT.
pub(super) fn sql(request: &Request<'_>) -> Result<String, SqlError> {
    let filter = request.filter;
    let location = trimmed(request.location);
    if !location.starts_with("s3://") || location.len() <= "s3://".len() || location.contains(['$', '{', '}', '\\']) {
        return Err(SqlError::Location {
            engine: "Athena",
            expected: "an s3://bucket/prefix URL above AWSLogs/",
        });
    }
    let root = match request.org_id {
        Some(org) if is_org_id(org) => format!("{location}/AWSLogs/{org}"),
        Some(org) => return Err(SqlError::OrgId(org.to_string())),
        None => format!("{location}/AWSLogs"),
    };
    let accounts = folders(&request.scope.accounts, &filter.accounts, |a| {
        a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit())
    });
    let regions = folders(&request.scope.regions, &filter.regions, |r| {
        !r.is_empty()
            && r.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    });
    if accounts.is_empty() {
        return Err(SqlError::NoAccounts);
    }
    if regions.is_empty() {
        return Err(SqlError::NoRegions);
    }
    let first = [request.scope.first, filter.from].into_iter().flatten().min();
    let first_day = first.map_or(FIRST_DAY.to_string(), |ms| format_day_folder(ms - MS_PER_DAY));
    let ddl = format!(
        "CREATE EXTERNAL TABLE IF NOT EXISTS {TABLE} (\n{COLUMNS}\n)\n\
         PARTITIONED BY (account STRING, region STRING, `timestamp` STRING)\n\
         ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'\n\
         STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'\n\
         OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\n\
         LOCATION {location}\n\
         TBLPROPERTIES (\n  \
         'projection.enabled' = 'true',\n  \
         'projection.account.type' = 'enum',\n  \
         'projection.account.values' = {accounts},\n  \
         'projection.region.type' = 'enum',\n  \
         'projection.region.values' = {regions},\n  \
         'projection.timestamp.type' = 'date',\n  \
         'projection.timestamp.format' = 'yyyy/MM/dd',\n  \
         'projection.timestamp.range' = {range},\n  \
         'projection.timestamp.interval' = '1',\n  \
         'projection.timestamp.interval.unit' = 'DAYS',\n  \
         'storage.location.template' = {template}\n);",
        location = literal(&format!("{root}/"))?,
        accounts = literal(&accounts.join(","))?,
        regions = literal(&regions.join(","))?,
        range = literal(&format!("{first_day},NOW"))?,
        template = literal(&format!("{root}/${{account}}/CloudTrail/${{region}}/${{timestamp}}"))?,
    );
    let mut conditions = Vec::new();
    if let Some(from) = filter.from {
        conditions.push(format!(
            "\"timestamp\" >= {}",
            literal(&format_day_folder(from - MS_PER_DAY))?
        ));
    }
    if let Some(to) = filter.to {
        conditions.push(format!(
            "\"timestamp\" <= {}",
            literal(&format_day_folder(to - 1 + MS_PER_DAY))?
        ));
    }
    conditions.extend(fields().conditions(filter)?);
    let columns: Vec<String> = SELECTED
        .iter()
        .map(|c| match c.strip_suffix('*') {
            Some(name) => format!("json_format(CAST({name} AS JSON)) AS {name}"),
            None => c.to_string(),
        })
        .collect();
    Ok(format!(
        "{ddl}\n\nSELECT\n  {}\nFROM {TABLE}{};\n",
        columns.join(",\n  "),
        where_clause(&conditions)
    ))
}

/// Where Athena's table reads each field.
fn fields() -> Fields {
    Fields {
        dialect: Dialect::Athena,
        time: "try(from_iso8601_timestamp(eventtime))".into(),
        recipient_account: "recipientaccountid".into(),
        region: "awsregion".into(),
        source: "eventsource".into(),
        name: "eventname".into(),
        error_code: "errorcode".into(),
        console_login: "json_extract_scalar(responseelements, '$.ConsoleLogin')".into(),
        read_only: "readonly".into(),
        has_identity: "(useridentity IS NOT NULL)".into(),
        identity_type: "useridentity.type".into(),
        issuer_arn: "useridentity.sessioncontext.sessionissuer.arn".into(),
        invoked_by: "useridentity.invokedby".into(),
        arn: "useridentity.arn".into(),
        principal_id: "useridentity.principalid".into(),
        identity_account: "useridentity.accountid".into(),
    }
}

/// The folder names of `loaded` and `chosen` that `valid` accepts, each once, in order.
fn folders(loaded: &[String], chosen: &[String], valid: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out: Vec<String> = loaded.iter().chain(chosen).filter(|v| valid(v)).cloned().collect();
    out.sort();
    out.dedup();
    out
}

/// Whether `id` is an AWS Organizations id: `o-` and 10 to 32 lowercase letters or digits.
fn is_org_id(id: &str) -> bool {
    id.strip_prefix("o-").is_some_and(|rest| {
        (10..=32).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}
