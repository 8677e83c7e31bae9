//! The query a responder types in the search box (and gives to `--query`, and finds in a link's
//! `q=`): words that must all match, `"quoted phrases"`, `field:value` for one dimension,
//! `field:=value` for one whole value (what a click on a value writes), `json:"…"` for the search
//! in every field, and a leading `-` to exclude any of them.
//!
//! ```text
//! query  = term*                      separated by white space; every term must hold (AND)
//! term   = ["-"] (phrase | field ":" ["="] (phrase | word) | word)
//! phrase = '"' text '"'               \" and \\ stand for " and \ inside
//! field  = principal | ip | key | op | source | region | account | error | resource | ua
//!        | session | json             in any case
//! ```
//!
//! A bare word is a field term only when the text before its first `:` is letters and the colon
//! is single, so IPv6 addresses, times and `AWS::S3::Bucket` stay text; `arn:…` is text too, since
//! every ARN starts so. A `"` anywhere but at the start of a term or value is an ordinary
//! character. Parsing never guesses: anything else it cannot read is a [`QueryError`] saying
//! where, and the filter keeps its previous query.

use std::fmt;
use std::ops::Range;

/// What a field term looks in: one dimension of the store, or every field of the event's JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The principal (`principal:`).
    Principal,
    /// The source IP address (`ip:`).
    Ip,
    /// The access key id (`key:`).
    AccessKey,
    /// The operation's (folded) event name (`op:`).
    Operation,
    /// The `eventSource` (`source:`).
    Source,
    /// The region (`region:`).
    Region,
    /// The account (`account:`).
    Account,
    /// The `errorCode` (`error:`).
    Error,
    /// A resource's key, an ARN or `TYPE NAME` (`resource:`).
    Resource,
    /// The user agent (`ua:`).
    UserAgent,
    /// The role session's name (`session:`).
    Session,
    /// Any field of the event's JSON, found by the search in every field (`json:`).
    Json,
}

impl Field {
    /// Every field, in the order the error for an unknown one lists them.
    pub const ALL: [Field; 12] = [
        Field::Principal,
        Field::Ip,
        Field::AccessKey,
        Field::Operation,
        Field::Source,
        Field::Region,
        Field::Account,
        Field::Error,
        Field::Resource,
        Field::UserAgent,
        Field::Session,
        Field::Json,
    ];

    /// The word written before the colon; queries are bookmarked, so these keep their spelling.
    pub const fn word(self) -> &'static str {
        match self {
            Field::Principal => "principal",
            Field::Ip => "ip",
            Field::AccessKey => "key",
            Field::Operation => "op",
            Field::Source => "source",
            Field::Region => "region",
            Field::Account => "account",
            Field::Error => "error",
            Field::Resource => "resource",
            Field::UserAgent => "ua",
            Field::Session => "session",
            Field::Json => "json",
        }
    }

    /// Its name as people read it on a chip (event sources are the services they belong to).
    pub const fn name(self) -> &'static str {
        match self {
            Field::Principal => "Principal",
            Field::Ip => "IP",
            Field::AccessKey => "Access key",
            Field::Operation => "Operation",
            Field::Source => "Service",
            Field::Region => "Region",
            Field::Account => "Account",
            Field::Error => "Error",
            Field::Resource => "Resource",
            Field::UserAgent => "User agent",
            Field::Session => "Session",
            Field::Json => "JSON",
        }
    }

    /// The field `word` names, in any case.
    pub fn from_word(word: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.word().eq_ignore_ascii_case(word))
    }
}

/// One term of a query: what must (or, excluded, must not) be found, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Whether it was written with a leading `-`: rows where it matches are left out.
    pub excluded: bool,
    /// The one field it looks in, or `None` for a free word or phrase (every dimension and the
    /// resources).
    pub field: Option<Field>,
    /// The text looked for, as written (quotes and escapes removed); never empty.
    pub value: String,
    /// Written `field:=value`: the field's whole value must be `value`, exactly (and for `op:`
    /// a value `"<eventSource> <operation>"` names one service's operation).
    pub exact: bool,
    /// Where the term is in the query (bytes), to write the query without it.
    span: Range<usize>,
}

impl Term {
    /// The text as it is compared: values match when they contain it, ignoring case (or, for
    /// an exact term, are it). For a `json:` term it is also the key of its search's hits (see
    /// `Dataset::text_hits`).
    pub fn needle(&self) -> String {
        if self.exact {
            self.value.clone()
        } else {
            self.value.to_lowercase()
        }
    }

    /// The term as a query writes it, quoted so that any value reads back the same.
    pub fn written(excluded: bool, field: Field, exact: bool, value: &str) -> String {
        let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
        let (minus, equals) = (if excluded { "-" } else { "" }, if exact { "=" } else { "" });
        format!("{minus}{}:{equals}\"{escaped}\"", field.word())
    }
}

/// A parsed query: its terms, every one of which a row must pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    text: String,
    terms: Vec<Term>,
}

/// Why a query could not be parsed, and where: the person fixes it at that character, and the
/// filter keeps its previous query meanwhile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// 1-based character (not byte) of the query where the problem starts.
    pub at: usize,
    /// What is wrong there.
    pub problem: QueryProblem,
}

/// What is wrong in a query that cannot be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryProblem {
    /// A `"` opens a phrase that no `"` closes.
    UnclosedQuote,
    /// `""`: a phrase with nothing in it.
    EmptyPhrase,
    /// `name:value` where `name` is not one of the query's fields.
    UnknownField(String),
    /// `field:` (or `field:""`) with nothing to look for.
    EmptyValue(String),
    /// A `-` with nothing after it.
    LoneMinus,
    /// A closing `"` followed by more of the same term.
    TextAfterQuote,
    /// `json:=`: the search in every field finds text anywhere, it has no whole value.
    ExactJson,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.at;
        match &self.problem {
            QueryProblem::UnclosedQuote => write!(f, "the quote at character {at} is never closed"),
            QueryProblem::EmptyPhrase => write!(f, "empty quotes at character {at}: a phrase needs text"),
            QueryProblem::UnknownField(name) => {
                let fields: Vec<&str> = Field::ALL.iter().map(|field| field.word()).collect();
                write!(
                    f,
                    "unknown field \"{name}:\" at character {at} (fields are {}; put text with a colon in quotes)",
                    fields.join(", ")
                )
            }
            QueryProblem::EmptyValue(name) => write!(f, "\"{name}:\" at character {at} needs a value"),
            QueryProblem::LoneMinus => {
                write!(
                    f,
                    "a lone \"-\" at character {at}: put what to leave out right after it"
                )
            }
            QueryProblem::TextAfterQuote => {
                write!(
                    f,
                    "text right after the closing quote at character {at}: put a space between terms"
                )
            }
            QueryProblem::ExactJson => write!(
                f,
                "\"json:=\" at character {at}: json: finds text anywhere, write json:\"…\" instead"
            ),
        }
    }
}

impl std::error::Error for QueryError {}

/// The query being read: its text and the byte the reader is at.
struct Reader<'q> {
    text: &'q str,
    at: usize,
}

impl Reader<'_> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    /// An error at byte `byte`, counted in characters for the person reading it.
    fn error(&self, byte: usize, problem: QueryProblem) -> QueryError {
        QueryError {
            at: self.text[..byte].chars().count() + 1,
            problem,
        }
    }

    /// Whether the term ends here: at the end of the query or at white space.
    fn at_term_end(&self) -> bool {
        self.rest().chars().next().is_none_or(char::is_whitespace)
    }

    /// The phrase whose opening quote is at the reader, with the reader moved past its closing
    /// quote, which must end the term.
    fn phrase(&mut self) -> Result<String, QueryError> {
        let open = self.at;
        let mut value = String::new();
        let mut chars = self.text[open + 1..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.at = open + 1 + i + 1;
                    if !self.at_term_end() {
                        return Err(self.error(open + 1 + i, QueryProblem::TextAfterQuote));
                    }
                    return Ok(value);
                }
                '\\' if matches!(self.text[open + 1 + i + 1..].chars().next(), Some('"' | '\\')) => {
                    value.extend(chars.next().map(|(_, escaped)| escaped));
                }
                c => value.push(c),
            }
        }
        Err(self.error(open, QueryProblem::UnclosedQuote))
    }

    /// The bare word at the reader, with the reader moved past it.
    fn word(&mut self) -> &str {
        let start = self.at;
        let len = self.rest().find(char::is_whitespace).unwrap_or(self.rest().len());
        self.at += len;
        &self.text[start..self.at]
    }

    /// The term at the reader (which is at no white space), with the reader moved past it.
    fn term(&mut self) -> Result<Term, QueryError> {
        let start = self.at;
        let excluded = self.rest().starts_with('-');
        if excluded {
            self.at += 1;
            if self.at_term_end() {
                return Err(self.error(start, QueryProblem::LoneMinus));
            }
        }
        let body = self.at;
        let text = self.text;
        let mut exact = false;
        let (field, value) = match field_prefix(&text[body..]) {
            Some(name) => {
                let Some(field) = Field::from_word(name) else {
                    return Err(self.error(body, QueryProblem::UnknownField(name.to_string())));
                };
                self.at += name.len() + 1;
                if self.rest().starts_with('=') {
                    if field == Field::Json {
                        return Err(self.error(body, QueryProblem::ExactJson));
                    }
                    self.at += 1;
                    exact = true;
                }
                let value = if self.rest().starts_with('"') {
                    self.phrase()?
                } else {
                    self.word().to_string()
                };
                if value.is_empty() {
                    return Err(self.error(body, QueryProblem::EmptyValue(name.to_string())));
                }
                (Some(field), value)
            }
            None if self.rest().starts_with('"') => {
                let value = self.phrase()?;
                if value.is_empty() {
                    return Err(self.error(body, QueryProblem::EmptyPhrase));
                }
                (None, value)
            }
            None => (None, self.word().to_string()),
        };
        Ok(Term {
            excluded,
            field,
            value,
            exact,
            span: start..self.at,
        })
    }
}

/// The field name the term at the start of `rest` begins with (`ip` of `ip:10.0.0.1`): letters
/// (so never past the term's end) before a single colon, other than `arn`. Anything else
/// (`2001:db8::1`, `10:00`, `AWS::S3::Bucket`, `arn:aws:…`) is text.
fn field_prefix(rest: &str) -> Option<&str> {
    let (name, after) = rest.split_once(':')?;
    let letters = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphabetic());
    (letters && !after.starts_with(':') && !name.eq_ignore_ascii_case("arn")).then_some(name)
}

impl Query {
    /// Reads `text`; an empty (or blank) text is the query that selects everything.
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        let mut reader = Reader { text, at: 0 };
        let mut terms = Vec::new();
        loop {
            reader.at += reader.rest().len() - reader.rest().trim_start().len();
            if reader.rest().is_empty() {
                break;
            }
            terms.push(reader.term()?);
        }
        Ok(Query {
            text: text.to_string(),
            terms,
        })
    }

    /// Its terms, in the order they were written.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The query's text without term `index`, the other terms as they were written: what is
    /// left when a person removes that term's chip.
    pub fn without(&self, index: usize) -> String {
        let kept: Vec<&str> = (self.terms.iter().enumerate())
            .filter(|&(i, _)| i != index)
            .map(|(_, term)| &self.text[term.span.clone()])
            .collect();
        kept.join(" ")
    }
}

#[cfg(test)]
mod tests;
