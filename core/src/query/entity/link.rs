//! The URL fragment of the page shown: the filter's (see [`crate::query::filter::link`]) and,
//! when an entity's page is open, `entity=<kind>:<value>` after it, escaped the same way:
//! `src=s3.amazonaws.com&entity=resource:arn:aws:s3:::amzn-s3-demo-bucket`. A link without
//! `entity` is a filter's, as before; a filter's decoding skips the `entity` key, so either part
//! reads on its own.

use super::Entity;
use crate::query::filter::link::{self as filter_link, escape, unescape};
use crate::query::filter::Filter;

/// The fragment's key of the entity whose page is open.
pub const ENTITY_KEY: &str = "entity";

/// `<kind>:<value>`, escaped, as it follows `entity=`.
pub fn entity_value(entity: &Entity) -> String {
    let mut out = format!("{}:", entity.word());
    escape(entity.value(), &mut out);
    out
}

/// The fragment (without `#`) for `filter` with `entity`'s page open, if any.
pub fn encode(filter: &Filter, entity: Option<&Entity>) -> String {
    let mut out = filter_link::encode(filter);
    if let Some(entity) = entity {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(ENTITY_KEY);
        out.push('=');
        out.push_str(&entity_value(entity));
    }
    out
}

/// The filter and the open entity a fragment (with or without `#`) describes; an entity that
/// cannot be read is left out, as the filter's unreadable parts are.
pub fn decode(fragment: &str) -> (Filter, Option<Entity>) {
    let filter = filter_link::decode(fragment);
    let entity = fragment
        .strip_prefix('#')
        .unwrap_or(fragment)
        .split('&')
        .rev()
        .filter_map(|pair| pair.split_once('='))
        .filter(|(key, _)| unescape(key) == ENTITY_KEY)
        .filter_map(|(_, raw)| {
            let (word, value) = raw.split_once(':')?;
            Entity::from_word(&unescape(word), unescape(value))
        })
        .next();
    (filter, entity)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_kind() -> Vec<Entity> {
        vec![
            Entity::Principal("arn:aws:iam::111122223333:role/Admin".into()),
            Entity::Session("arn:aws:sts::111122223333:assumed-role/Admin/alice@example.com".into()),
            Entity::AccessKey("AKIAIOSFODNN7EXAMPLE".into()),
            Entity::Ip("2001:db8::1".into()),
            Entity::Resource("arn:aws:s3:::b/k?x=1&entity=ip:1#2 é".into()),
            Entity::Resource("AWS::SecretsManager::Secret a b".into()),
        ]
    }

    #[test]
    fn entity_and_filter_round_trip_together_and_alone() {
        let filter = Filter {
            sources: vec!["s3.amazonaws.com".into()],
            text: "delete & co".into(),
            ..Filter::default()
        };
        for entity in every_kind() {
            for f in [Filter::default(), filter.clone()] {
                let fragment = encode(&f, Some(&entity));
                assert_eq!(decode(&fragment), (f.clone(), Some(entity.clone())), "{fragment}");
                assert_eq!(decode(&format!("#{fragment}")).1, Some(entity.clone()));
                assert_eq!(
                    filter_link::decode(&fragment),
                    f,
                    "a filter's decoding skips the entity"
                );
                assert!(!fragment.contains(' ') && !fragment.contains('#'), "{fragment}");
            }
        }
        assert_eq!(
            decode(&filter_link::encode(&filter)),
            (filter, None),
            "old links read as before"
        );
    }

    #[test]
    fn reads_like_the_filter() {
        let bucket = Entity::Resource("arn:aws:s3:::amzn-s3-demo-bucket".into());
        assert_eq!(
            encode(&Filter::default(), Some(&bucket)),
            "entity=resource:arn:aws:s3:::amzn-s3-demo-bucket"
        );
        let filter = Filter {
            sources: vec!["s3.amazonaws.com".into()],
            ..Filter::default()
        };
        assert_eq!(
            encode(&filter, Some(&Entity::Ip("198.51.100.1".into()))),
            "src=s3.amazonaws.com&entity=ip:198.51.100.1"
        );
        assert_eq!(encode(&filter, None), "src=s3.amazonaws.com");
    }

    #[test]
    fn unreadable_entities_are_left_out() {
        for junk in [
            "entity=",
            "entity=resource",
            "entity=resource:",
            "entity=planet:mars",
            "entity=:x",
            "entity",
        ] {
            assert_eq!(decode(junk).1, None, "{junk}");
        }
        assert_eq!(
            decode("entity=ip:1.2.3.4&entity=key:AKIA").1,
            Some(Entity::AccessKey("AKIA".into())),
            "the last one wins"
        );
        assert_eq!(decode("entity=ip:%zz").1, Some(Entity::Ip("%zz".into())));
    }
}
