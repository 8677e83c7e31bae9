//! The resources each event touched (a bucket, an instance, a role, a key…): which fields name
//! them is data ([`table::RULES`], plus every `resources[].ARN`), the loader reads them from the
//! few events concerned ([`extract`]), and the store keeps them as a many-valued column
//! ([`crate::store::resources`]). Each resource has one display form, its key: its ARN when one
//! can be built from the event, else `TYPE NAME`, so that a bucket named by ARN in one event and
//! by name in another is one resource.

pub mod extract;
mod json_path;
pub mod members;
pub mod steps;
pub mod table;

/// The ARN in a resource key, or empty when the key is `TYPE NAME`.
pub fn arn_of(key: &str) -> &str {
    if key.starts_with("arn:") {
        key
    } else {
        ""
    }
}

/// The resource's own name from its key: an ARN's resource part without its type prefix
/// (`role/`, `instance/`, `function:`…; an S3 ARN's whole resource part, `bucket/key`), or the
/// name in `TYPE NAME`.
pub fn name_of(key: &str) -> &str {
    if !key.starts_with("arn:") {
        return key.split_once(' ').map_or(key, |(_, name)| name);
    }
    let mut parts = key.splitn(6, ':');
    let service = parts.nth(2).unwrap_or("");
    let resource = parts.nth(2).unwrap_or("");
    if service == "s3" {
        return resource;
    }
    match resource.find(['/', ':']) {
        Some(at) if at + 1 < resource.len() => &resource[at + 1..],
        _ => resource,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_resource_part() {
        assert_eq!(name_of("arn:aws:iam::1:role/service-role/x"), "service-role/x");
        assert_eq!(name_of("arn:aws:s3:::bucket/a/b.txt"), "bucket/a/b.txt");
        assert_eq!(name_of("arn:aws:lambda:r:1:function:f"), "f");
        assert_eq!(name_of("arn:aws:logs:r:1:log-group:/aws/lambda/f"), "/aws/lambda/f");
        assert_eq!(name_of("arn:aws:sqs:r:1:queue"), "queue");
        assert_eq!(name_of("AWS::CloudFormation::Stack prod"), "prod");
        assert_eq!(arn_of("AWS::CloudFormation::Stack prod"), "");
        assert_eq!(arn_of("arn:aws:sqs:r:1:queue"), "arn:aws:sqs:r:1:queue");
    }
}
