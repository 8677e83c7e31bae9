//! The query language: every construct read, and every error placed and worded.

use super::*;

/// `(excluded, field, value)` of each term of `text`.
fn terms(text: &str) -> Vec<(bool, Option<Field>, String)> {
    let query = Query::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    (query.terms().iter())
        .map(|t| (t.excluded, t.field, t.value.clone()))
        .collect()
}

fn free(value: &str) -> (bool, Option<Field>, String) {
    (false, None, value.to_string())
}

fn error(text: &str) -> (usize, QueryProblem) {
    let e = Query::parse(text).expect_err(text);
    (e.at, e.problem)
}

#[test]
fn exact_field_terms() {
    let query = Query::parse(r#"ip:=10.0.0.1 -op:="s3.amazonaws.com GetObject" ip:10.0"#).unwrap();
    let read: Vec<(bool, Option<Field>, &str, bool)> = (query.terms().iter())
        .map(|t| (t.excluded, t.field, t.value.as_str(), t.exact))
        .collect();
    assert_eq!(
        read,
        [
            (false, Some(Field::Ip), "10.0.0.1", true),
            (true, Some(Field::Operation), "s3.amazonaws.com GetObject", true),
            (false, Some(Field::Ip), "10.0", false),
        ]
    );
    assert_eq!(query.terms()[0].needle(), "10.0.0.1");
    assert_eq!(
        Query::parse("principal:=User/Ci").unwrap().terms()[0].needle(),
        "User/Ci",
        "exact keeps case"
    );
    assert_eq!(error("x json:=abc"), (3, QueryProblem::ExactJson));
    assert_eq!(error("ip:="), (1, QueryProblem::EmptyValue("ip".into())));
    assert_eq!(
        Query::parse("ip:=10.0.0.1").unwrap().without(0),
        "",
        "an exact term's chip removes all of it"
    );
    let written = Term::written(true, Field::UserAgent, true, r#"a "b" \ c"#);
    assert_eq!(written, r#"-ua:="a \"b\" \\ c""#);
    assert_eq!(Query::parse(&written).unwrap().terms()[0].value, r#"a "b" \ c"#);
}

#[test]
fn words_phrases_fields_and_exclusions() {
    assert_eq!(terms(""), []);
    assert_eq!(terms("  \t "), []);
    assert_eq!(
        terms(" 192.168.10.20   AccessDenied "),
        [free("192.168.10.20"), free("AccessDenied")]
    );
    assert_eq!(terms("-Terraform"), [(true, None, "Terraform".into())]);
    assert_eq!(terms("\"access denied\" x"), [free("access denied"), free("x")]);
    assert_eq!(terms("-\"access  denied\""), [(true, None, "access  denied".into())]);
    assert_eq!(
        terms(r#""say \"hi\" \\ \n""#),
        [free(r#"say "hi" \ \n"#)],
        "\\\" and \\\\ are escapes; any other backslash is itself"
    );
    for field in Field::ALL {
        let word = field.word();
        assert_eq!(Field::from_word(word), Some(field));
        assert_eq!(terms(&format!("{word}:v")), [(false, Some(field), "v".into())]);
        assert_eq!(
            terms(&format!("-{}:\"a b\"", word.to_uppercase())),
            [(true, Some(field), "a b".into())],
            "field names in any case, quoted values"
        );
    }
    assert_eq!(Field::from_word("foo"), None);
    assert_eq!(
        terms("ip:10.0.0.1 -op:Delete json:\"bucketName\" ua:aws-cli/2 key:AKIA"),
        [
            (false, Some(Field::Ip), "10.0.0.1".into()),
            (true, Some(Field::Operation), "Delete".into()),
            (false, Some(Field::Json), "bucketName".into()),
            (false, Some(Field::UserAgent), "aws-cli/2".into()),
            (false, Some(Field::AccessKey), "AKIA".into()),
        ]
    );
}

#[test]
fn colons_that_name_no_field_are_text() {
    for text in [
        "arn:aws:iam::111122223333:role/Admin",
        "ARN:aws:s3:::bucket",
        "2001:db8::1",
        "::1",
        "10:00",
        "AWS::S3::Bucket",
        "ip1:x",
        ":x",
        "a\"b:c",
    ] {
        assert_eq!(terms(text), [free(text)], "{text}");
    }
    assert_eq!(
        terms("resource:arn:aws:s3:::b ip:fe80::1 op:a:b"),
        [
            (false, Some(Field::Resource), "arn:aws:s3:::b".into()),
            (false, Some(Field::Ip), "fe80::1".into()),
            (false, Some(Field::Operation), "a:b".into()),
        ],
        "a value is everything after the field's colon"
    );
    assert_eq!(
        terms("a\"b c\""),
        [free("a\"b"), free("c\"")],
        "a quote inside a word is a character"
    );
    assert_eq!(
        terms("ip:-1 --x"),
        [(false, Some(Field::Ip), "-1".into()), (true, None, "-x".into())]
    );
}

#[test]
fn every_error_says_where_in_characters() {
    assert_eq!(error("a \"access denied"), (3, QueryProblem::UnclosedQuote));
    assert_eq!(
        error("é ip:\"x"),
        (6, QueryProblem::UnclosedQuote),
        "characters, not bytes"
    );
    assert_eq!(error("x \"\""), (3, QueryProblem::EmptyPhrase));
    assert_eq!(error("-\"\""), (2, QueryProblem::EmptyPhrase));
    assert_eq!(error("x foo:bar"), (3, QueryProblem::UnknownField("foo".into())));
    assert_eq!(error("-Https://x"), (2, QueryProblem::UnknownField("Https".into())));
    assert_eq!(error("a ip:"), (3, QueryProblem::EmptyValue("ip".into())));
    assert_eq!(error("-ip:\"\""), (2, QueryProblem::EmptyValue("ip".into())));
    assert_eq!(error("a - b"), (3, QueryProblem::LoneMinus));
    assert_eq!(error("a -"), (3, QueryProblem::LoneMinus));
    assert_eq!(error("\"a\"b"), (3, QueryProblem::TextAfterQuote));
    assert_eq!(error("json:\"a\"\"b\""), (8, QueryProblem::TextAfterQuote));
    let message = |text: &str| Query::parse(text).unwrap_err().to_string();
    assert_eq!(message("a \"b"), "the quote at character 3 is never closed");
    assert_eq!(message("\"\""), "empty quotes at character 1: a phrase needs text");
    assert_eq!(
        message("foo:bar"),
        "unknown field \"foo:\" at character 1 (fields are principal, ip, key, op, source, region, \
         account, error, resource, ua, session, json; put text with a colon in quotes)"
    );
    assert_eq!(message("ip:"), "\"ip:\" at character 1 needs a value");
    assert_eq!(
        message("-"),
        "a lone \"-\" at character 1: put what to leave out right after it"
    );
    assert_eq!(
        message("\"a\"b"),
        "text right after the closing quote at character 3: put a space between terms"
    );
}

#[test]
fn a_term_removed_leaves_the_others_as_written() {
    let query = Query::parse("  ip:\"10.0 .1\"   -Terraform  json:\"a \\\" b\" x").unwrap();
    assert_eq!(query.without(0), "-Terraform json:\"a \\\" b\" x");
    assert_eq!(query.without(1), "ip:\"10.0 .1\" json:\"a \\\" b\" x");
    assert_eq!(query.without(2), "ip:\"10.0 .1\" -Terraform x");
    assert_eq!(query.without(3), "ip:\"10.0 .1\" -Terraform json:\"a \\\" b\"");
    for i in 0..4 {
        let rest = Query::parse(&query.without(i)).unwrap();
        let mut expected = query.terms().to_vec();
        expected.remove(i);
        let values = |terms: &[Term]| {
            terms
                .iter()
                .map(|t| (t.excluded, t.field, t.value.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(values(rest.terms()), values(&expected));
    }
    assert_eq!(Query::parse("x").unwrap().without(0), "");
}

#[test]
fn needles_are_lowercased_values() {
    let query = Query::parse("json:\"BucketName\" ÉTÉ").unwrap();
    let needles: Vec<String> = query.terms().iter().map(Term::needle).collect();
    assert_eq!(needles, ["bucketname", "été"]);
}
