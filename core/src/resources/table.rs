//! Where events name the resources they touch, as data: one line per rule, giving the event
//! source, the operations it applies to (none listed: every operation of the source), the path of
//! the value (from the event's root; `[]` steps into every item of a list), the resource's
//! CloudFormation-style type, and how its ARN is built from the value and the event's region and
//! account. Rules of one source are listed together. Field names are CloudTrail's spelling of
//! each service's API members (see the AWS documentation's "CloudTrail log file examples").

/// How a value becomes the resource's display form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// An ARN from a template: `{p}` the partition, `{r}` the region, `{a}` the account, `{}` the
    /// value, `{/}` the value without a leading `/` (SSM parameter names).
    Arn(&'static str),
    /// No ARN can be built from the value alone (it needs an id the event does not give): the
    /// name, with its type.
    Name,
    /// A KMS `keyId`: a key id, or an alias (`alias/…`) that is a resource of its own.
    KmsKey,
    /// An SQS `queueUrl` (`https://sqs.REGION.amazonaws.com/ACCOUNT/NAME`).
    QueueUrl,
    /// An S3 object `key`, inside the bucket that `requestParameters.bucketName` names.
    S3Object,
}

/// One place where a resource is named.
#[derive(Debug)]
pub struct Rule {
    /// `eventSource`.
    pub source: &'static str,
    /// Folded operation names it applies to; empty for all of the source's operations.
    pub operations: &'static [&'static str],
    /// Dotted path from the event's root, `requestParameters.…` or `responseElements.…`.
    pub path: &'static str,
    /// The resource type, as `resources[].type` spells it.
    pub kind: &'static str,
    /// How the value becomes a display form.
    pub form: Form,
}

const fn rule(source: &'static str, path: &'static str, kind: &'static str, form: Form) -> Rule {
    Rule {
        source,
        operations: &[],
        path,
        kind,
        form,
    }
}

const fn only(
    source: &'static str,
    operations: &'static [&'static str],
    path: &'static str,
    kind: &'static str,
    form: Form,
) -> Rule {
    Rule {
        source,
        operations,
        path,
        kind,
        form,
    }
}

const S3: &str = "s3.amazonaws.com";
const EC2: &str = "ec2.amazonaws.com";
const IAM: &str = "iam.amazonaws.com";
const INSTANCE: Form = Form::Arn("arn:{p}:ec2:{r}:{a}:instance/{}");
const VOLUME: Form = Form::Arn("arn:{p}:ec2:{r}:{a}:volume/{}");
const SNAPSHOT: Form = Form::Arn("arn:{p}:ec2:{r}::snapshot/{}");
const SECURITY_GROUP: Form = Form::Arn("arn:{p}:ec2:{r}:{a}:security-group/{}");
const VPC: Form = Form::Arn("arn:{p}:ec2:{r}:{a}:vpc/{}");
const IMAGE: Form = Form::Arn("arn:{p}:ec2:{r}::image/{}");

/// SSM operations whose `name` is a parameter's (elsewhere it names a document or an association).
const SSM_PARAMETER_CALLS: &[&str] = &[
    "GetParameter",
    "PutParameter",
    "DeleteParameter",
    "GetParameterHistory",
    "LabelParameterVersion",
    "UnlabelParameterVersion",
];
/// CloudTrail operations whose `name` is a trail's.
const TRAIL_CALLS: &[&str] = &[
    "CreateTrail",
    "UpdateTrail",
    "DeleteTrail",
    "GetTrail",
    "GetTrailStatus",
    "StartLogging",
    "StopLogging",
    "PutEventSelectors",
    "GetEventSelectors",
    "PutInsightSelectors",
    "GetInsightSelectors",
];
/// EKS operations whose `name` is a cluster's (the others name it `clusterName`).
const EKS_CLUSTER_CALLS: &[&str] = &[
    "CreateCluster",
    "DeleteCluster",
    "DescribeCluster",
    "UpdateClusterConfig",
    "UpdateClusterVersion",
];

/// Every rule, the rules of one source together.
pub const RULES: &[Rule] = &[
    rule(
        S3,
        "requestParameters.bucketName",
        "AWS::S3::Bucket",
        Form::Arn("arn:{p}:s3:::{}"),
    ),
    rule(S3, "requestParameters.key", "AWS::S3::Object", Form::S3Object),
    rule(EC2, "requestParameters.instanceId", "AWS::EC2::Instance", INSTANCE),
    rule(
        EC2,
        "requestParameters.instancesSet.items[].instanceId",
        "AWS::EC2::Instance",
        INSTANCE,
    ),
    rule(
        EC2,
        "responseElements.instancesSet.items[].instanceId",
        "AWS::EC2::Instance",
        INSTANCE,
    ),
    rule(EC2, "requestParameters.volumeId", "AWS::EC2::Volume", VOLUME),
    rule(
        EC2,
        "requestParameters.volumeSet.items[].volumeId",
        "AWS::EC2::Volume",
        VOLUME,
    ),
    rule(EC2, "requestParameters.snapshotId", "AWS::EC2::Snapshot", SNAPSHOT),
    rule(
        EC2,
        "requestParameters.snapshotSet.items[].snapshotId",
        "AWS::EC2::Snapshot",
        SNAPSHOT,
    ),
    rule(
        EC2,
        "requestParameters.groupId",
        "AWS::EC2::SecurityGroup",
        SECURITY_GROUP,
    ),
    rule(
        EC2,
        "requestParameters.groupSet.items[].groupId",
        "AWS::EC2::SecurityGroup",
        SECURITY_GROUP,
    ),
    rule(EC2, "requestParameters.vpcId", "AWS::EC2::VPC", VPC),
    rule(EC2, "requestParameters.vpcSet.items[].vpcId", "AWS::EC2::VPC", VPC),
    rule(EC2, "requestParameters.imageId", "AWS::EC2::Image", IMAGE),
    rule(
        EC2,
        "requestParameters.imagesSet.items[].imageId",
        "AWS::EC2::Image",
        IMAGE,
    ),
    rule(
        EC2,
        "requestParameters.instancesSet.items[].imageId",
        "AWS::EC2::Image",
        IMAGE,
    ),
    rule(
        IAM,
        "requestParameters.userName",
        "AWS::IAM::User",
        Form::Arn("arn:{p}:iam::{a}:user/{}"),
    ),
    rule(
        IAM,
        "requestParameters.roleName",
        "AWS::IAM::Role",
        Form::Arn("arn:{p}:iam::{a}:role/{}"),
    ),
    rule(
        IAM,
        "requestParameters.groupName",
        "AWS::IAM::Group",
        Form::Arn("arn:{p}:iam::{a}:group/{}"),
    ),
    rule(
        IAM,
        "requestParameters.policyArn",
        "AWS::IAM::ManagedPolicy",
        Form::Name,
    ),
    rule(
        IAM,
        "requestParameters.instanceProfileName",
        "AWS::IAM::InstanceProfile",
        Form::Arn("arn:{p}:iam::{a}:instance-profile/{}"),
    ),
    rule(
        "sts.amazonaws.com",
        "requestParameters.roleArn",
        "AWS::IAM::Role",
        Form::Name,
    ),
    rule(
        "kms.amazonaws.com",
        "requestParameters.keyId",
        "AWS::KMS::Key",
        Form::KmsKey,
    ),
    rule(
        "lambda.amazonaws.com",
        "requestParameters.functionName",
        "AWS::Lambda::Function",
        Form::Arn("arn:{p}:lambda:{r}:{a}:function:{}"),
    ),
    rule(
        "secretsmanager.amazonaws.com",
        "requestParameters.secretId",
        "AWS::SecretsManager::Secret",
        Form::Name,
    ),
    only(
        "ssm.amazonaws.com",
        SSM_PARAMETER_CALLS,
        "requestParameters.name",
        "AWS::SSM::Parameter",
        Form::Arn("arn:{p}:ssm:{r}:{a}:parameter/{/}"),
    ),
    rule(
        "dynamodb.amazonaws.com",
        "requestParameters.tableName",
        "AWS::DynamoDB::Table",
        Form::Arn("arn:{p}:dynamodb:{r}:{a}:table/{}"),
    ),
    rule(
        "rds.amazonaws.com",
        "requestParameters.dBInstanceIdentifier",
        "AWS::RDS::DBInstance",
        Form::Arn("arn:{p}:rds:{r}:{a}:db:{}"),
    ),
    rule(
        "sns.amazonaws.com",
        "requestParameters.topicArn",
        "AWS::SNS::Topic",
        Form::Name,
    ),
    rule(
        "sqs.amazonaws.com",
        "requestParameters.queueUrl",
        "AWS::SQS::Queue",
        Form::QueueUrl,
    ),
    only(
        "cloudtrail.amazonaws.com",
        TRAIL_CALLS,
        "requestParameters.name",
        "AWS::CloudTrail::Trail",
        Form::Arn("arn:{p}:cloudtrail:{r}:{a}:trail/{}"),
    ),
    rule(
        "cloudformation.amazonaws.com",
        "requestParameters.stackName",
        "AWS::CloudFormation::Stack",
        Form::Name,
    ),
    rule(
        "ecr.amazonaws.com",
        "requestParameters.repositoryName",
        "AWS::ECR::Repository",
        Form::Arn("arn:{p}:ecr:{r}:{a}:repository/{}"),
    ),
    only(
        "eks.amazonaws.com",
        EKS_CLUSTER_CALLS,
        "requestParameters.name",
        "AWS::EKS::Cluster",
        Form::Arn("arn:{p}:eks:{r}:{a}:cluster/{}"),
    ),
    rule(
        "eks.amazonaws.com",
        "requestParameters.clusterName",
        "AWS::EKS::Cluster",
        Form::Arn("arn:{p}:eks:{r}:{a}:cluster/{}"),
    ),
    rule(
        "logs.amazonaws.com",
        "requestParameters.logGroupName",
        "AWS::Logs::LogGroup",
        Form::Arn("arn:{p}:logs:{r}:{a}:log-group:{}"),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_of_a_source_are_together_and_paths_have_a_root() {
        for (i, r) in RULES.iter().enumerate() {
            assert!(
                RULES[..i].iter().all(|p| p.source != r.source) || RULES[i - 1].source == r.source,
                "{} is split",
                r.source
            );
            assert!(
                r.path.starts_with("requestParameters.") || r.path.starts_with("responseElements."),
                "{}",
                r.path
            );
            assert!(r.kind.starts_with("AWS::"), "{}", r.kind);
        }
    }
}
