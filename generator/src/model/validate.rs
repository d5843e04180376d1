//! Over 600 lines: the example checker mirrors the emitted wire shapes; issue 9 replaces it with one wire-shape plan and moves it out of `model/`.
//! Documented JSON examples checked against the documented types.
//!
//! [`check_example`] walks a JSON value exactly as the serde types that graphdoc emits would
//! read it, and reports every place where reading would fail: a string where the docs say
//! `Edm.Int64`, `"String (timestamp)"` for an `Edm.DateTimeOffset`, an object where a collection
//! is documented, a number out of range, a non-GUID for `Edm.Guid`, and so on. A mismatch is a
//! contradiction between a page's example and its Properties table (or a generator bug, when the
//! two disagree about what is accepted; the corpus step tells the two apart by deserializing the
//! same examples into the emitted types).
//!
//! What the emitted types accept (see `emit/types.rs` and the runtime in `generated/`):
//! - every struct field is `Option<_>`: `null` or a missing member is fine; unknown members are
//!   kept (so any extra key is fine), but a documented member given twice is an error when the
//!   struct is read straight from the text (not inside a dispatch enum, which buffers the value
//!   first, keeping the last duplicate);
//! - collections are `Vec<T>`: an array whose items are never `null` (unless `T` is untyped);
//! - Graph enums take any string, flags enums any string; structs take objects only;
//! - a type with subtypes dispatches on `@odata.type` (no `#`, any ASCII casing); an unknown kind
//!   is kept raw, a value without one is the base type unless the base acts abstract;
//! - primitives as in `generated/src/edm/` (RFC 3339 timestamps with an optional offset, ISO 8601
//!   durations, base64 with either alphabet and optional padding, GUIDs in every `uuid` form).
//!
//! Whole bodies: a collection is a `graphdoc_generated::Page` (`{"value": [...]}`); a single
//! primitive or enum value travels as OData writes it, `{"value": x}` (see [`is_wrapped`]); a
//! structured value is the object itself.

use super::{Edm, Kind, Model, TypeRef};
use crate::diag::{Diagnostic, Severity};
use std::collections::{BTreeMap, BTreeSet};

/// One place where an example's JSON does not fit its documented type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// JSON path of the offending value: `$.value[0].authenticationConfiguration.notAfter`.
    pub path: String,
    /// The offending JSON, shortened.
    pub value: String,
    /// The documented type: `Edm.Int64`, `microsoft.graph.x`, `Collection(Edm.String)`.
    pub expected: String,
    /// Why the value does not fit, in a few words: `not a GUID`, `has a fraction`.
    pub reason: String,
    /// Where the offending value starts in the JSON text (1-based line and column), when the
    /// check was run on text.
    pub at: Option<(u32, u32)>,
}

/// Checks `json` against `ty` (a `{"value": [...]}` page of it when `collection`), the way the
/// emitted serde types would read it. Empty when deserialization would succeed.
pub fn check_example(
    model: &Model,
    ty: &TypeRef,
    collection: bool,
    json: &serde_json::Value,
) -> Vec<Mismatch> {
    Checker::new(model).check(&Node::from_value(json), ty, collection)
}

/// Like [`check_example`] on JSON text, with the position of each mismatch. `None` when the
/// text is not strict JSON (`serde_json::from_str` refuses it).
pub fn check_example_text(
    model: &Model,
    ty: &TypeRef,
    collection: bool,
    text: &str,
) -> Option<Vec<Mismatch>> {
    Checker::new(model).check_text(text, ty, collection)
}

/// One example, as the example checks see it.
#[derive(Debug, Clone)]
pub struct ExampleCheck {
    /// The API page.
    pub page: String,
    /// Line in the page where the JSON starts.
    pub line: u32,
    /// True for a response example.
    pub response: bool,
    /// The documented type of the body, when known.
    pub ty: Option<TypeRef>,
    /// A `{"value": [...]}` page of `ty`.
    pub collection: bool,
    /// The JSON text.
    pub json: String,
    /// `None` when the JSON is not strict (or the type is unknown, or a raw stream); else the
    /// mismatches found (empty: the example fits).
    pub mismatches: Option<Vec<Mismatch>>,
}

/// What [`examples`] found over a model.
#[derive(Debug, Clone, Default)]
pub struct ExamplesReport {
    /// Every example with a JSON body, once per page and line (an API page that several
    /// resources link to appears once).
    pub examples: Vec<ExampleCheck>,
}

impl ExamplesReport {
    /// Examples with a JSON body.
    pub fn found(&self) -> usize {
        self.examples.len()
    }

    /// Examples whose body type is known (and is not a raw stream).
    pub fn typed(&self) -> usize {
        self.examples
            .iter()
            .filter(|e| typed(e.ty.as_ref()))
            .count()
    }

    /// Typed examples whose JSON is strict.
    pub fn strict(&self) -> usize {
        self.examples
            .iter()
            .filter(|e| e.mismatches.is_some())
            .count()
    }

    /// Typed examples whose JSON is not strict (skipped).
    pub fn not_strict(&self) -> usize {
        self.typed() - self.strict()
    }

    /// Typed strict examples with at least one mismatch.
    pub fn contradicted(&self) -> usize {
        self.examples
            .iter()
            .filter(|e| e.mismatches.as_ref().is_some_and(|m| !m.is_empty()))
            .count()
    }
}

/// True when a whole body of `ty` (not a collection) is OData's wrapper `{"value": x}`: a
/// primitive (other than untyped JSON or a stream) or an enum. Structured values are sent as
/// the object itself.
pub fn is_wrapped(model: &Model, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Primitive(e) => !matches!(e, Edm::Untyped | Edm::Stream),
        TypeRef::Named(k) => model.types.get(k).is_some_and(|t| t.kind == Kind::Enum),
    }
}

fn typed(ty: Option<&TypeRef>) -> bool {
    matches!(ty, Some(t) if *t != TypeRef::Primitive(Edm::Stream))
}

/// Checks every operation example of the model whose type is known and whose JSON is strict.
pub fn examples(model: &Model) -> ExamplesReport {
    let mut checker = Checker::new(model);
    let mut seen: BTreeMap<(&str, u32), usize> = BTreeMap::new();
    let mut out: Vec<ExampleCheck> = Vec::new();
    for op in &model.operations {
        for ex in &op.examples {
            let check = |checker: &mut Checker| ExampleCheck {
                page: op.page.clone(),
                line: ex.line,
                response: ex.response,
                ty: ex.ty.clone(),
                collection: ex.collection,
                json: ex.json.clone(),
                mismatches: match &ex.ty {
                    Some(ty) if typed(Some(ty)) => checker.check_text(&ex.json, ty, ex.collection),
                    _ => None,
                },
            };
            match seen.get(&(op.page.as_str(), ex.line)) {
                // The same page linked from several resources: keep the first typing, unless
                // only a later one knows the type.
                Some(&i) => {
                    if !typed(out[i].ty.as_ref()) && typed(ex.ty.as_ref()) {
                        out[i] = check(&mut checker);
                    }
                }
                None => {
                    seen.insert((op.page.as_str(), ex.line), out.len());
                    out.push(check(&mut checker));
                }
            }
        }
    }
    out.sort_by(|a, b| (&a.page, a.line).cmp(&(&b.page, b.line)));
    ExamplesReport { examples: out }
}

/// One `example-mismatch` warning per mismatch of every example [`examples`] checks, at the
/// offending member's line in the page.
pub fn check_examples(model: &Model) -> Vec<Diagnostic> {
    diagnostics(model, &examples(model))
}

/// The diagnostics of a report made by [`examples`].
pub fn diagnostics(model: &Model, report: &ExamplesReport) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for e in &report.examples {
        let Some(ms) = &e.mismatches else { continue };
        let what = match (&e.ty, e.response) {
            (Some(t), true) => format!(
                "response example ({}{})",
                if e.collection { "a page of " } else { "" },
                model.type_name(t)
            ),
            (Some(t), false) => format!("request example ({})", model.type_name(t)),
            (None, _) => "example".to_string(),
        };
        for m in ms {
            let (line, column) = match m.at {
                Some((l, c)) => (e.line + l - 1, c),
                None => (e.line, 1),
            };
            out.push(Diagnostic {
                severity: Severity::Warning,
                code: "example-mismatch",
                file: e.page.clone(),
                line,
                column,
                message: format!(
                    "the {what}'s `{}` is `{}` but the docs type it `{}` ({}); fix the example or the type",
                    m.path, m.value, m.expected, m.reason
                ),
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// A JSON tree that keeps duplicate members and where each value starts.

#[derive(Debug, Clone)]
struct Node {
    /// 1-based line and column in the text; (0, 0) when built from a `Value`.
    at: (u32, u32),
    v: J,
}

#[derive(Debug, Clone)]
enum J {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl Node {
    fn from_value(v: &serde_json::Value) -> Node {
        use serde_json::Value;
        let v = match v {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => J::Number(n.clone()),
            Value::String(s) => J::String(s.clone()),
            Value::Array(a) => J::Array(a.iter().map(Node::from_value).collect()),
            Value::Object(o) => J::Object(
                o.iter()
                    .map(|(k, v)| (k.clone(), Node::from_value(v)))
                    .collect(),
            ),
        };
        Node { at: (0, 0), v }
    }

    fn to_value(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.v {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => Value::Number(n.clone()),
            J::String(s) => Value::String(s.clone()),
            J::Array(a) => Value::Array(a.iter().map(Node::to_value).collect()),
            J::Object(o) => {
                Value::Object(o.iter().map(|(k, v)| (k.clone(), v.to_value())).collect())
            }
        }
    }

    /// The last member named `name` (what `serde_json::Value` keeps).
    fn last(&self, name: &str) -> Option<&Node> {
        match &self.v {
            J::Object(o) => o.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    fn kind(&self) -> &'static str {
        match &self.v {
            J::Null => "null",
            J::Bool(_) => "a boolean",
            J::Number(_) => "a number",
            J::String(_) => "a string",
            J::Array(_) => "an array",
            J::Object(_) => "an object",
        }
    }
}

/// A strict JSON reader that records positions and keeps duplicate members. Only run on text
/// serde_json accepted; leaf values are decoded by serde_json so they mean exactly what serde
/// sees.
struct Reader<'a> {
    s: &'a str,
    i: usize,
    line: u32,
    line_start: usize,
}

impl<'a> Reader<'a> {
    fn parse(s: &'a str) -> Option<Node> {
        let mut r = Reader {
            s,
            i: 0,
            line: 1,
            line_start: 0,
        };
        r.ws();
        let n = r.value(0)?;
        r.ws();
        (r.i == s.len()).then_some(n)
    }

    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    fn ws(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b'\n' => {
                    self.i += 1;
                    self.line += 1;
                    self.line_start = self.i;
                }
                b' ' | b'\t' | b'\r' => self.i += 1,
                _ => break,
            }
        }
    }

    fn at(&self) -> (u32, u32) {
        let col = self
            .s
            .get(self.line_start..self.i)
            .map_or(0, |t| t.chars().count());
        (self.line, col as u32 + 1)
    }

    fn string(&mut self) -> Option<String> {
        let start = self.i;
        self.i += 1;
        let bytes = self.s.as_bytes();
        while self.i < bytes.len() {
            match bytes[self.i] {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return serde_json::from_str(self.s.get(start..self.i)?).ok();
                }
                _ => self.i += 1,
            }
        }
        None
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > 200 {
            return None;
        }
        let at = self.at();
        let v = match self.peek()? {
            b'{' => {
                self.i += 1;
                let mut members = Vec::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        if self.peek() != Some(b'"') {
                            return None;
                        }
                        let k = self.string()?;
                        self.ws();
                        if self.peek() != Some(b':') {
                            return None;
                        }
                        self.i += 1;
                        self.ws();
                        let v = self.value(depth + 1)?;
                        members.push((k, v));
                        self.ws();
                        match self.peek()? {
                            b',' => self.i += 1,
                            b'}' => {
                                self.i += 1;
                                break;
                            }
                            _ => return None,
                        }
                    }
                }
                J::Object(members)
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        items.push(self.value(depth + 1)?);
                        self.ws();
                        match self.peek()? {
                            b',' => self.i += 1,
                            b']' => {
                                self.i += 1;
                                break;
                            }
                            _ => return None,
                        }
                    }
                }
                J::Array(items)
            }
            b'"' => J::String(self.string()?),
            b't' | b'f' | b'n' => {
                let rest = self.s.get(self.i..)?;
                let (v, len) = if rest.starts_with("true") {
                    (J::Bool(true), 4)
                } else if rest.starts_with("false") {
                    (J::Bool(false), 5)
                } else if rest.starts_with("null") {
                    (J::Null, 4)
                } else {
                    return None;
                };
                self.i += len;
                v
            }
            _ => {
                let start = self.i;
                while matches!(
                    self.peek(),
                    Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
                ) {
                    self.i += 1;
                }
                J::Number(serde_json::from_str(self.s.get(start..self.i)?).ok()?)
            }
        };
        Some(Node { at, v })
    }
}

// ---------------------------------------------------------------------------------------------
// Primitive wire formats, as the runtime (`generated/src/edm/`, `uuid`) parses them.

/// Checks the text of a string-typed primitive the way the runtime parses it: `Ok` when
/// deserialization of `e` from a JSON string holding `s` succeeds, else the reason. String-less
/// types (numbers, booleans) are never accepted from a string.
pub fn primitive_str(e: Edm, s: &str) -> Result<(), &'static str> {
    match e {
        Edm::String | Edm::Untyped | Edm::Stream => Ok(()),
        Edm::Guid => guid(s),
        Edm::DateTimeOffset => date_time_offset(s),
        Edm::Date => {
            let mut c = Cursor(s.as_bytes());
            date(&mut c)?;
            if c.0.is_empty() {
                Ok(())
            } else {
                Err("unexpected text after the date")
            }
        }
        Edm::TimeOfDay => {
            let mut c = Cursor(s.as_bytes());
            time(&mut c)?;
            if c.0.is_empty() {
                Ok(())
            } else {
                Err("unexpected text after the time")
            }
        }
        Edm::Duration => duration(s),
        Edm::Binary => base64(s),
        Edm::Boolean
        | Edm::Byte
        | Edm::SByte
        | Edm::Int16
        | Edm::Int32
        | Edm::Int64
        | Edm::Single
        | Edm::Double
        | Edm::Decimal => Err("a string, not a JSON number or boolean"),
    }
}

struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.0.first().copied()
    }
    fn bump(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }
    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.0 = &self.0[1..];
            true
        } else {
            false
        }
    }
    fn eat_ignore_case(&mut self, b: u8) -> bool {
        match self.peek() {
            Some(n) if n.eq_ignore_ascii_case(&b) => {
                self.0 = &self.0[1..];
                true
            }
            _ => false,
        }
    }
    fn digits(&mut self) -> &[u8] {
        let n = self.0.iter().take_while(|b| b.is_ascii_digit()).count();
        let (run, rest) = self.0.split_at(n);
        self.0 = rest;
        run
    }
    fn fixed(&mut self, n: usize) -> Option<u32> {
        let run = self.digits();
        (run.len() == n)
            .then(|| parse_u64(run).and_then(|v| u32::try_from(v).ok()))
            .flatten()
    }
}

fn parse_u64(d: &[u8]) -> Option<u64> {
    if d.is_empty() {
        return None;
    }
    d.iter().try_fold(0u64, |acc, &b| {
        acc.checked_mul(10)?.checked_add(u64::from(b - b'0'))
    })
}

/// chrono's `NaiveDate` range.
const MIN_YEAR: i64 = -262_143;
const MAX_YEAR: i64 = 262_142;

fn leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if leap(y) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn date(c: &mut Cursor<'_>) -> Result<(i64, u32, u32), &'static str> {
    let negative = if c.eat(b'-') {
        true
    } else {
        c.eat(b'+');
        false
    };
    let yd = c.digits();
    if yd.len() < 4 {
        return Err("expected a year of at least four digits");
    }
    let year = parse_u64(yd)
        .and_then(|y| i32::try_from(y).ok())
        .ok_or("year out of range")?;
    let year = if negative {
        -i64::from(year)
    } else {
        i64::from(year)
    };
    if !c.eat(b'-') {
        return Err("expected '-' after the year");
    }
    let month = c.fixed(2).ok_or("expected a two-digit month")?;
    if !c.eat(b'-') {
        return Err("expected '-' after the month");
    }
    let day = c.fixed(2).ok_or("expected a two-digit day")?;
    if !(1..=12).contains(&month) {
        return Err("month must be 01 to 12");
    }
    if day == 0 || day > days_in_month(year, month) || !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return Err("no such day, or year out of range");
    }
    Ok((year, month, day))
}

/// Seconds into the day.
fn time(c: &mut Cursor<'_>) -> Result<u32, &'static str> {
    let hour = c.fixed(2).ok_or("expected a two-digit hour")?;
    if !c.eat(b':') {
        return Err("expected ':' after the hour");
    }
    let minute = c.fixed(2).ok_or("expected two-digit minutes")?;
    let mut second = 0;
    if c.eat(b':') {
        second = c.fixed(2).ok_or("expected two-digit seconds")?;
        if c.eat(b'.') && c.digits().is_empty() {
            return Err("expected digits after '.'");
        }
    }
    if hour > 23 {
        return Err("hour must be 00 to 23");
    }
    if minute > 59 {
        return Err("minutes must be 00 to 59");
    }
    if second > 60 {
        return Err("seconds must be 00 to 59");
    }
    Ok(hour * 3600 + minute * 60 + second.min(59))
}

fn date_time_offset(s: &str) -> Result<(), &'static str> {
    let mut c = Cursor(s.as_bytes());
    let (y, m, d) = date(&mut c)?;
    if !(c.eat(b'T') || c.eat(b't')) {
        return Err("expected 'T' between date and time");
    }
    let secs = time(&mut c)?;
    let offset: i64 = match c.bump() {
        None | Some(b'Z' | b'z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let h = c.fixed(2).ok_or("expected a two-digit offset hour")?;
            if !c.eat(b':') {
                return Err("expected ':' in the offset");
            }
            let mi = c.fixed(2).ok_or("expected two-digit offset minutes")?;
            if h > 23 || mi > 59 {
                return Err("offset out of range");
            }
            let mag = i64::from(h * 3600 + mi * 60);
            if sign == b'-' {
                -mag
            } else {
                mag
            }
        }
        Some(_) => return Err("expected 'Z', an offset like +05:30, or nothing after the time"),
    };
    if !c.0.is_empty() {
        return Err("unexpected text after the offset");
    }
    let utc = days_from_civil(y, m, d) * 86_400 + i64::from(secs) - offset;
    let min = days_from_civil(MIN_YEAR, 1, 1) * 86_400;
    let max = days_from_civil(MAX_YEAR, 12, 31) * 86_400 + 86_399;
    if utc < min || utc > max {
        return Err("date and time out of range");
    }
    Ok(())
}

fn duration(s: &str) -> Result<(), &'static str> {
    fn number(c: &mut Cursor<'_>) -> Result<bool, &'static str> {
        let int = c.digits();
        if int.is_empty() {
            return Err("expected a number before each designator");
        }
        parse_u64(int).ok_or("number too large")?;
        if c.eat(b'.') || c.eat(b',') {
            if c.digits().is_empty() {
                return Err("expected digits after the decimal point");
            }
            return Ok(true);
        }
        Ok(false)
    }
    let mut c = Cursor(s.as_bytes());
    if !c.eat(b'-') {
        c.eat(b'+');
    }
    if !c.eat_ignore_case(b'P') {
        return Err("expected 'P'");
    }
    let mut seen_any = false;
    let mut last = 0;
    while let Some(b) = c.peek() {
        if b.eq_ignore_ascii_case(&b'T') {
            break;
        }
        let frac = number(&mut c)?;
        let rank = match c
            .bump()
            .ok_or("expected a designator after the number")?
            .to_ascii_uppercase()
        {
            b'Y' => 1,
            b'M' => 2,
            b'W' => 3,
            b'D' => 4,
            b'H' | b'S' => return Err("hours and seconds must come after 'T'"),
            _ => return Err("expected one of the designators Y, M, W, D"),
        };
        if rank <= last {
            return Err("components must appear once each, in the order Y M W D");
        }
        if frac {
            return Err("only the seconds may have a fraction");
        }
        last = rank;
        seen_any = true;
    }
    if c.eat_ignore_case(b'T') {
        let mut seen_time = false;
        last = 0;
        while !c.0.is_empty() {
            let frac = number(&mut c)?;
            let rank = match c
                .bump()
                .ok_or("expected a designator after the number")?
                .to_ascii_uppercase()
            {
                b'H' => 1,
                b'M' => 2,
                b'S' => 3,
                b'Y' | b'W' | b'D' => return Err("years, weeks and days must come before 'T'"),
                _ => return Err("expected one of the designators H, M, S"),
            };
            if rank <= last {
                return Err("components must appear once each, in the order H M S");
            }
            if frac && rank != 3 {
                return Err("only the seconds may have a fraction");
            }
            last = rank;
            seen_time = true;
        }
        if !seen_time {
            return Err("expected a component after 'T'");
        }
        seen_any = true;
    }
    if !c.0.is_empty() {
        return Err("unexpected text after the duration");
    }
    if !seen_any {
        return Err("expected at least one component after 'P'");
    }
    Ok(())
}

/// base64 as the runtime's `Binary` reads it: the standard alphabet with `-`/`_` mapped onto
/// `+`/`/`, padding optional but never misplaced, no stray bits in the last symbol.
fn base64(s: &str) -> Result<(), &'static str> {
    fn morsel(b: u8) -> Option<u32> {
        Some(u32::from(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        }))
    }
    let b = s.as_bytes();
    if b.is_empty() {
        return Ok(());
    }
    let rem = b.len() % 4;
    if rem == 1 && b[b.len() - 1] != b'=' && morsel(b[b.len() - 1]).is_none() {
        return Err("invalid base64 character");
    }
    let body = b
        .len()
        .saturating_sub(rem)
        .saturating_sub(usize::from(rem == 0) * 4);
    if b[..body].iter().any(|&x| morsel(x).is_none()) {
        return Err("invalid base64 character");
    }
    let mut pad = 0;
    let mut ms = Vec::with_capacity(4);
    for (i, &x) in b[body..].iter().enumerate() {
        if x == b'=' {
            if i < 2 {
                return Err("invalid base64 character");
            }
            pad += 1;
            continue;
        }
        if pad > 0 {
            return Err("invalid base64 character");
        }
        ms.push(morsel(x).ok_or("invalid base64 character")?);
    }
    if ms.len() < 2 {
        return Err("invalid base64 length");
    }
    let bytes = ms.len() * 6 / 8;
    ms.resize(4, 0);
    let num = (ms[0] << 26) | (ms[1] << 20) | (ms[2] << 14) | (ms[3] << 8);
    if num & (u32::MAX >> (bytes * 8)) != 0 {
        return Err("base64 ends in a non-canonical symbol");
    }
    Ok(())
}

fn guid(s: &str) -> Result<(), &'static str> {
    fn hyphenated(b: &[u8]) -> bool {
        b.len() == 36
            && b.iter().enumerate().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => *c == b'-',
                _ => c.is_ascii_hexdigit(),
            })
    }
    let b = s.as_bytes();
    let ok = match b.len() {
        32 => b.iter().all(u8::is_ascii_hexdigit),
        36 => hyphenated(b),
        38 => b[0] == b'{' && b[37] == b'}' && hyphenated(&b[1..37]),
        45 => b[..9].eq_ignore_ascii_case(b"urn:uuid:") && hyphenated(&b[9..]),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err("not a GUID")
    }
}

// ---------------------------------------------------------------------------------------------
// The walk.

/// What a dispatch enum (`AnyX`) does with a value, per `@odata.type`.
#[derive(Debug, Clone)]
struct Dispatch {
    /// Lowercased qualified name → the variant's type key.
    kinds: BTreeMap<String, String>,
    /// The base has a variant of its own (a value without `@odata.type` is the base).
    base: bool,
}

struct Checker<'m> {
    model: &'m Model,
    children: BTreeMap<&'m str, Vec<&'m str>>,
    dispatch: BTreeMap<String, Option<Dispatch>>,
}

fn path_member(path: &str, name: &str) -> String {
    let plain = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        format!("{path}.{name}")
    } else {
        format!("{path}[{}]", serde_json::Value::String(name.to_string()))
    }
}

/// The offending value, shortened to about 40 characters.
fn short(n: &Node) -> String {
    const MAX: usize = 40;
    if let J::String(s) = &n.v {
        if s.chars().count() > MAX {
            let head: String = s.chars().take(MAX - 10).collect();
            let text = serde_json::Value::String(head).to_string();
            return format!("{}…\"", &text[..text.len() - 1]);
        }
    }
    let text = n.to_value().to_string();
    if text.chars().count() > MAX {
        let head: String = text.chars().take(MAX - 1).collect();
        format!("{head}…")
    } else {
        text
    }
}

impl<'m> Checker<'m> {
    fn new(model: &'m Model) -> Checker<'m> {
        let mut children: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (k, t) in &model.types {
            if let Some(b) = &t.base {
                if model.types.contains_key(b) {
                    children.entry(b.as_str()).or_default().push(k.as_str());
                }
            }
        }
        Checker {
            model,
            children,
            dispatch: BTreeMap::new(),
        }
    }

    fn check_text(&mut self, text: &str, ty: &TypeRef, collection: bool) -> Option<Vec<Mismatch>> {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        let node = Reader::parse(text).unwrap_or_else(|| Node::from_value(&value));
        Some(self.check(&node, ty, collection))
    }

    fn check(&mut self, node: &Node, ty: &TypeRef, collection: bool) -> Vec<Mismatch> {
        let mut out = Vec::new();
        if collection {
            self.page(node, ty, &mut out);
        } else if is_wrapped(self.model, ty) {
            self.single(node, ty, &mut out);
        } else {
            self.element(node, ty, "$", false, &mut out);
        }
        out
    }

    /// A single primitive or enum body, `{"value": x}`: `value` is required, other members
    /// (`@odata.context`) are kept.
    fn single(&mut self, n: &Node, ty: &TypeRef, out: &mut Vec<Mismatch>) {
        let expected = self.name(ty);
        let J::Object(members) = &n.v else {
            Self::miss(
                out,
                n,
                "$",
                expected,
                format!("{}, not a `{{\"value\": ...}}` object", n.kind()),
            );
            return;
        };
        let values: Vec<&Node> = members
            .iter()
            .filter(|(k, _)| k == "value")
            .map(|(_, v)| v)
            .collect();
        match values.as_slice() {
            [] => Self::miss(out, n, "$", expected, "no `value` member"),
            [v] => self.element(v, ty, "$.value", false, out),
            [_, v, ..] => Self::miss(out, v, "$.value", expected, "`value` is given twice"),
        }
    }

    fn name(&self, ty: &TypeRef) -> String {
        self.model.type_name(ty)
    }

    fn miss(
        out: &mut Vec<Mismatch>,
        n: &Node,
        path: &str,
        expected: String,
        reason: impl Into<String>,
    ) {
        out.push(Mismatch {
            path: path.to_string(),
            value: short(n),
            expected,
            reason: reason.into(),
            at: (n.at.0 > 0).then_some(n.at),
        });
    }

    /// `graphdoc_generated::Page<T>`: an object whose `value` is an array of `T` (required: an
    /// object without it is not a page), with optional string links and an integer count.
    fn page(&mut self, n: &Node, ty: &TypeRef, out: &mut Vec<Mismatch>) {
        let expected = format!("Collection({})", self.name(ty));
        let J::Object(members) = &n.v else {
            Self::miss(
                out,
                n,
                "$",
                expected,
                format!("{}, not a `{{\"value\": [...]}}` object", n.kind()),
            );
            return;
        };
        let mut seen = BTreeSet::new();
        for (k, v) in members {
            let path = path_member("$", k);
            let known = matches!(
                k.as_str(),
                "value" | "@odata.nextLink" | "@odata.deltaLink" | "@odata.count"
            );
            if known && !seen.insert(k.as_str()) {
                Self::miss(
                    out,
                    v,
                    &path,
                    expected.clone(),
                    format!("`{k}` is given twice"),
                );
                continue;
            }
            match k.as_str() {
                "value" => match &v.v {
                    J::Array(items) => {
                        for (i, item) in items.iter().enumerate() {
                            self.element(item, ty, &format!("{path}[{i}]"), false, out);
                        }
                    }
                    _ => Self::miss(
                        out,
                        v,
                        &path,
                        expected.clone(),
                        format!("{}, not an array", v.kind()),
                    ),
                },
                "@odata.nextLink" | "@odata.deltaLink"
                    if !matches!(v.v, J::Null | J::String(_)) =>
                {
                    Self::miss(
                        out,
                        v,
                        &path,
                        "Edm.String".into(),
                        format!("{}, not a string", v.kind()),
                    );
                }
                "@odata.count" if !matches!(v.v, J::Null) => {
                    self.primitive(v, Edm::Int64, &path, out)
                }
                _ => {}
            }
        }
        if !seen.contains("value") {
            Self::miss(
                out,
                n,
                "$",
                expected,
                "an object without `value`, not a `{\"value\": [...]}` page".to_string(),
            );
        }
    }

    /// A property value: `null` is always fine (every field is a `Field`, which reads it as `Null`).
    fn property(
        &mut self,
        n: &Node,
        ty: &TypeRef,
        collection: bool,
        path: &str,
        buffered: bool,
        out: &mut Vec<Mismatch>,
    ) {
        if matches!(n.v, J::Null) {
            return;
        }
        if !collection {
            self.element(n, ty, path, buffered, out);
            return;
        }
        let J::Array(items) = &n.v else {
            let expected = format!("Collection({})", self.name(ty));
            Self::miss(
                out,
                n,
                path,
                expected,
                format!("{}, not an array", n.kind()),
            );
            return;
        };
        for (i, item) in items.iter().enumerate() {
            self.element(item, ty, &format!("{path}[{i}]"), buffered, out);
        }
    }

    /// One value of `ty` (a collection item, a non-null property value, or a whole body).
    fn element(
        &mut self,
        n: &Node,
        ty: &TypeRef,
        path: &str,
        buffered: bool,
        out: &mut Vec<Mismatch>,
    ) {
        match ty {
            TypeRef::Primitive(e) => self.primitive(n, *e, path, out),
            TypeRef::Named(k) => {
                let model = self.model;
                let Some(t) = model.types.get(k) else { return };
                if t.kind == Kind::Enum {
                    if !matches!(n.v, J::String(_)) {
                        let why = if t.flags {
                            "a flags enum is a comma-separated string"
                        } else {
                            "an enum member is a string"
                        };
                        Self::miss(out, n, path, t.name.clone(), format!("{}; {why}", n.kind()));
                    }
                    return;
                }
                match self.dispatch_of(k) {
                    Some(d) => {
                        let kind = n.last("@odata.type").and_then(|v| match &v.v {
                            J::String(s) => Some(s.trim_start_matches('#').to_ascii_lowercase()),
                            _ => None,
                        });
                        match kind {
                            Some(kind) => {
                                if let Some(member) = d.kinds.get(&kind) {
                                    self.structure(n, member, path, true, out);
                                }
                            }
                            None if d.base => self.structure(n, k, path, true, out),
                            None => {}
                        }
                    }
                    None => self.structure(n, k, path, buffered, out),
                }
            }
        }
    }

    fn dispatch_of(&mut self, key: &str) -> Option<Dispatch> {
        if let Some(d) = self.dispatch.get(key) {
            return d.clone();
        }
        let mut desc: BTreeSet<&str> = BTreeSet::new();
        let mut stack = vec![key];
        while let Some(k) = stack.pop() {
            for c in self.children.get(k).into_iter().flatten() {
                if *c != key && desc.insert(c) {
                    stack.push(c);
                }
            }
        }
        let d = (!desc.is_empty()).then(|| {
            let t = &self.model.types[key];
            let acts_abstract = t.is_abstract || self.model.all_properties(key).is_empty();
            let mut kinds = BTreeMap::new();
            if !acts_abstract {
                kinds.insert(t.name.to_lowercase(), key.to_string());
            }
            for c in desc {
                let ct = &self.model.types[c];
                if !ct.is_abstract {
                    kinds.insert(ct.name.to_lowercase(), c.to_string());
                }
            }
            Dispatch {
                kinds,
                base: !acts_abstract,
            }
        });
        self.dispatch.insert(key.to_string(), d.clone());
        d
    }

    /// A struct: an object; each documented member (streams aside, which stay unknown members)
    /// fits its type; unknown members are kept as they are.
    fn structure(
        &mut self,
        n: &Node,
        key: &str,
        path: &str,
        buffered: bool,
        out: &mut Vec<Mismatch>,
    ) {
        let model = self.model;
        let t = &model.types[key];
        let J::Object(members) = &n.v else {
            Self::miss(
                out,
                n,
                path,
                t.name.clone(),
                format!("{}, not an object", n.kind()),
            );
            return;
        };
        let props = model.all_properties(key);
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for (i, (k, v)) in members.iter().enumerate() {
            let Some(p) = props
                .iter()
                .find(|p| p.name == *k && p.ty != TypeRef::Primitive(Edm::Stream))
            else {
                continue;
            };
            let member_path = path_member(path, k);
            if buffered {
                // A dispatch enum read the value into a `serde_json::Value` first: the last
                // duplicate is the one that counts.
                if members[i + 1..].iter().any(|(k2, _)| k2 == k) {
                    continue;
                }
            } else if !seen.insert(k.as_str()) {
                Self::miss(
                    out,
                    v,
                    &member_path,
                    self.property_type(p),
                    format!("`{k}` is given twice"),
                );
                continue;
            }
            self.property(v, &p.ty, p.collection, &member_path, buffered, out);
        }
    }

    fn property_type(&self, p: &super::Property) -> String {
        if p.collection {
            format!("Collection({})", self.name(&p.ty))
        } else {
            self.name(&p.ty)
        }
    }

    fn primitive(&mut self, n: &Node, e: Edm, path: &str, out: &mut Vec<Mismatch>) {
        let expected = || e.qualified().to_string();
        let reason: Option<String> = match (&n.v, e) {
            (_, Edm::Untyped | Edm::Stream) => None,
            (J::String(_), Edm::String) | (J::Bool(_), Edm::Boolean) => None,
            (J::Number(_), Edm::Single | Edm::Double | Edm::Decimal) => None,
            (J::Number(num), Edm::Byte | Edm::SByte | Edm::Int16 | Edm::Int32 | Edm::Int64) => {
                let (lo, hi): (i64, u64) = match e {
                    Edm::Byte => (0, u64::from(u8::MAX)),
                    Edm::SByte => (i64::from(i8::MIN), i8::MAX as u64),
                    Edm::Int16 => (i64::from(i16::MIN), i16::MAX as u64),
                    Edm::Int32 => (i64::from(i32::MIN), i32::MAX as u64),
                    _ => (i64::MIN, i64::MAX as u64),
                };
                if let Some(u) = num.as_u64() {
                    (u > hi).then(|| format!("out of range for {}", e.qualified()))
                } else if let Some(i) = num.as_i64() {
                    (i < lo).then(|| format!("out of range for {}", e.qualified()))
                } else {
                    Some("not a whole number (a fraction, an exponent or too many digits)".into())
                }
            }
            (J::String(s), _) => match primitive_str(e, s) {
                Ok(()) => None,
                Err(why) => Some(match e {
                    Edm::Guid => "not a GUID".to_string(),
                    Edm::DateTimeOffset => format!("not an RFC 3339 timestamp: {why}"),
                    Edm::Date => format!("not a YYYY-MM-DD date: {why}"),
                    Edm::TimeOfDay => format!("not an HH:MM:SS time: {why}"),
                    Edm::Duration => format!("not an ISO 8601 duration: {why}"),
                    Edm::Binary => format!("not base64: {why}"),
                    _ => "a string, not a number or boolean".to_string(),
                }),
            },
            _ => Some(match e {
                Edm::String
                | Edm::Guid
                | Edm::DateTimeOffset
                | Edm::Date
                | Edm::TimeOfDay
                | Edm::Duration
                | Edm::Binary => {
                    format!("{}, not a string", n.kind())
                }
                Edm::Boolean => format!("{}, not true or false", n.kind()),
                _ => format!("{}, not a number", n.kind()),
            }),
        };
        if let Some(r) = reason {
            Self::miss(out, n, path, expected(), r);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Pos;
    use crate::model::{Property, Source, TypeDef};
    use serde_json::json;

    fn prop(name: &str, ty: TypeRef, collection: bool) -> Property {
        Property {
            name: name.into(),
            ty,
            collection,
            navigation: false,
            description: String::new(),
            pos: Pos::line(1),
        }
    }

    fn p(e: Edm) -> TypeRef {
        TypeRef::Primitive(e)
    }

    fn n(k: &str) -> TypeRef {
        TypeRef::Named(k.into())
    }

    fn ty(name: &str, kind: Kind, base: Option<&str>, props: Vec<Property>) -> (String, TypeDef) {
        (
            name.to_lowercase(),
            TypeDef {
                name: name.into(),
                kind,
                base: base.map(str::to_lowercase),
                is_abstract: false,
                open: false,
                key: None,
                description: String::new(),
                properties: props,
                members: Vec::new(),
                flags: false,
                source: Source {
                    file: "resources/x.md".into(),
                    line: 1,
                },
                pages: Vec::new(),
            },
        )
    }

    /// connector { id, displayName, authenticationConfiguration: base (polymorphic), tags:
    /// Collection(String), cert: certificate }; certificate { notAfter: Int64, thumbprint,
    /// uploaded: DateTimeOffset, key: Guid, blob: Binary, lifetime: Duration, day: Date, at:
    /// TimeOfDay, score: Single, small: Byte, status: enum }; base (no properties) ← basic
    /// { username, password }, ← pkcs12 { pkcs12Value }.
    fn model() -> Model {
        let mut m = Model::default();
        m.types.extend([
            ty(
                "microsoft.graph.connector",
                Kind::Entity,
                None,
                vec![
                    prop("id", p(Edm::String), false),
                    prop("displayName", p(Edm::String), false),
                    prop(
                        "authenticationConfiguration",
                        n("microsoft.graph.base"),
                        false,
                    ),
                    prop("configs", n("microsoft.graph.base"), true),
                    prop("tags", p(Edm::String), true),
                    prop("cert", n("microsoft.graph.certificate"), false),
                    prop("content", p(Edm::Stream), false),
                    prop("extra", p(Edm::Untyped), false),
                    prop("extras", p(Edm::Untyped), true),
                ],
            ),
            ty(
                "microsoft.graph.certificate",
                Kind::Complex,
                None,
                vec![
                    prop("notAfter", p(Edm::Int64), false),
                    prop("thumbprint", p(Edm::String), false),
                    prop("uploaded", p(Edm::DateTimeOffset), false),
                    prop("key", p(Edm::Guid), false),
                    prop("blob", p(Edm::Binary), false),
                    prop("lifetime", p(Edm::Duration), false),
                    prop("day", p(Edm::Date), false),
                    prop("at", p(Edm::TimeOfDay), false),
                    prop("score", p(Edm::Single), false),
                    prop("small", p(Edm::Byte), false),
                    prop("count", p(Edm::Int32), false),
                    prop("status", n("microsoft.graph.status"), false),
                    prop("parts", n("microsoft.graph.parts"), false),
                    prop("enabled", p(Edm::Boolean), false),
                ],
            ),
            ty("microsoft.graph.base", Kind::Complex, None, vec![]),
            ty(
                "microsoft.graph.basic",
                Kind::Complex,
                Some("microsoft.graph.base"),
                vec![
                    prop("username", p(Edm::String), false),
                    prop("password", p(Edm::String), false),
                ],
            ),
            ty(
                "microsoft.graph.pkcs12",
                Kind::Complex,
                Some("microsoft.graph.base"),
                vec![prop("pkcs12Value", p(Edm::Binary), false)],
            ),
            ty("microsoft.graph.status", Kind::Enum, None, vec![]),
            ty("microsoft.graph.parts", Kind::Enum, None, vec![]),
            ty(
                "microsoft.graph.animal",
                Kind::Entity,
                None,
                vec![prop("legs", p(Edm::Int32), false)],
            ),
            ty(
                "microsoft.graph.dog",
                Kind::Entity,
                Some("microsoft.graph.animal"),
                vec![prop("bark", p(Edm::Boolean), false)],
            ),
        ]);
        m.types.get_mut("microsoft.graph.parts").unwrap().flags = true;
        m
    }

    fn check(ty: &str, collection: bool, v: serde_json::Value) -> Vec<(String, String)> {
        check_example(&model(), &n(ty), collection, &v)
            .into_iter()
            .map(|m| (m.path, m.expected))
            .collect()
    }

    fn paths(ty: &str, collection: bool, v: serde_json::Value) -> Vec<String> {
        check(ty, collection, v)
            .into_iter()
            .map(|(p, _)| p)
            .collect()
    }

    #[test]
    fn a_fitting_example_has_no_mismatch() {
        let v = json!({
            "@odata.context": "https://graph.microsoft.com/beta/$metadata#x",
            "id": "1", "displayName": null, "unknownMember": {"any": [1, "x"]},
            "tags": ["a", "b"], "content": 12, "extra": [null], "extras": [1, null, {}],
            "authenticationConfiguration": {"@odata.type": "#microsoft.graph.basic", "username": "u"},
            "configs": [{"@odata.type": "#Microsoft.Graph.PKCS12", "pkcs12Value": "aGVsbG8"}, {"@odata.type": "#x.unknown", "pkcs12Value": 1}, {"no": "type"}, null, 7],
            "cert": {
                "notAfter": 1_700_000_000_000i64, "thumbprint": "abc", "uploaded": "2021-07-16T10:00:00.0000000",
                "key": "5F4F2E1C-0B7A-4C3B-9D2E-8A1B2C3D4E5F", "blob": "-_8", "lifetime": "P1DT2H30.5S",
                "day": "2024-02-29", "at": "08:00:00.0000000", "score": 1, "small": 255, "count": -5,
                "status": "somethingNew", "parts": "a, b", "enabled": false
            }
        });
        assert_eq!(check("microsoft.graph.connector", false, v), vec![]);
    }

    #[test]
    fn wrong_primitives_are_found() {
        let v = json!({"cert": {
            "notAfter": "2021-07-16T10:00:00Z", "thumbprint": 5, "uploaded": "String (timestamp)",
            "key": "not-a-guid", "blob": "a", "lifetime": "1 day", "day": "2021-02-30", "at": "8:00",
            "score": "1.5", "small": 256, "count": 1.5, "status": 3, "parts": ["a"], "enabled": "true"
        }});
        let found = check("microsoft.graph.connector", false, v);
        let want = [
            ("$.cert.notAfter", "Edm.Int64"),
            ("$.cert.thumbprint", "Edm.String"),
            ("$.cert.uploaded", "Edm.DateTimeOffset"),
            ("$.cert.key", "Edm.Guid"),
            ("$.cert.blob", "Edm.Binary"),
            ("$.cert.lifetime", "Edm.Duration"),
            ("$.cert.day", "Edm.Date"),
            ("$.cert.at", "Edm.TimeOfDay"),
            ("$.cert.score", "Edm.Single"),
            ("$.cert.small", "Edm.Byte"),
            ("$.cert.count", "Edm.Int32"),
            ("$.cert.status", "microsoft.graph.status"),
            ("$.cert.parts", "microsoft.graph.parts"),
            ("$.cert.enabled", "Edm.Boolean"),
        ];
        let mut want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        want.sort();
        assert_eq!(found, want);
    }

    #[test]
    fn integers_out_of_range_and_with_fractions() {
        let c = |v| paths("microsoft.graph.certificate", false, v);
        assert!(
            c(json!({"count": 2147483647, "small": 0, "notAfter": -9223372036854775807i64}))
                .is_empty()
        );
        assert_eq!(c(json!({"count": 2147483648u64})), ["$.count"]);
        assert_eq!(c(json!({"count": -2147483649i64})), ["$.count"]);
        assert_eq!(c(json!({"small": -1})), ["$.small"]);
        assert_eq!(
            c(json!({"notAfter": 9223372036854775808u64})),
            ["$.notAfter"]
        );
        assert_eq!(c(json!({"count": 1.0})), ["$.count"]);
        let text = r#"{"count": 1e3, "notAfter": 100000000000000000000, "small": -0}"#;
        let found =
            check_example_text(&model(), &n("microsoft.graph.certificate"), false, text).unwrap();
        assert_eq!(
            found.iter().map(|m| m.path.as_str()).collect::<Vec<_>>(),
            ["$.count", "$.notAfter", "$.small"]
        );
    }

    #[test]
    fn shapes_collections_and_nulls() {
        let c = |v| paths("microsoft.graph.connector", false, v);
        // An object where a collection is documented, and the reverse.
        assert_eq!(c(json!({"tags": "a"})), ["$.tags"]);
        assert_eq!(c(json!({"cert": [{}]})), ["$.cert"]);
        // null is fine for a property, not as a collection item.
        assert_eq!(c(json!({"tags": null, "cert": null})), Vec::<String>::new());
        assert_eq!(c(json!({"tags": ["a", null]})), ["$.tags[1]"]);
        // A whole body that is not an object.
        assert_eq!(c(json!([{"id": "1"}])), ["$"]);
    }

    #[test]
    fn polymorphic_values_dispatch_on_odata_type() {
        let c = |v| paths("microsoft.graph.connector", false, v);
        // The base declares nothing, so a value without @odata.type is kept raw.
        assert!(c(json!({"authenticationConfiguration": {"username": 1}})).is_empty());
        assert!(c(json!({"authenticationConfiguration": "basic"})).is_empty());
        assert_eq!(
            c(
                json!({"authenticationConfiguration": {"@odata.type": "microsoft.graph.basic", "username": 1}})
            ),
            ["$.authenticationConfiguration.username"]
        );
        assert_eq!(
            c(json!({"configs": [{"@odata.type": "#microsoft.graph.pkcs12", "pkcs12Value": "!"}]})),
            ["$.configs[0].pkcs12Value"]
        );
        // A base with properties: no @odata.type is the base itself.
        let a = |v| paths("microsoft.graph.animal", false, v);
        assert_eq!(a(json!({"legs": "four"})), ["$.legs"]);
        assert_eq!(
            a(json!({"@odata.type": "#microsoft.graph.dog", "bark": "yes"})),
            ["$.bark"]
        );
        assert!(a(json!({"@odata.type": "#microsoft.graph.cat", "legs": "x"})).is_empty());
        assert_eq!(a(json!("dog")), ["$"]);
    }

    #[test]
    fn pages() {
        let c = |v| check("microsoft.graph.animal", true, v);
        assert!(c(json!({"@odata.context": "x", "@odata.nextLink": "y", "@odata.count": 3, "value": [{"legs": 4}]})).is_empty());
        // A single object where a page is documented is not an empty page.
        assert_eq!(
            c(json!({"legs": 4})),
            [(
                "$".to_string(),
                "Collection(microsoft.graph.animal)".to_string()
            )]
        );
        assert_eq!(
            c(json!({"value": [{"legs": 4.5}]})),
            [("$.value[0].legs".to_string(), "Edm.Int32".to_string())]
        );
        assert_eq!(
            c(json!({"value": {"legs": 4}})),
            [(
                "$.value".to_string(),
                "Collection(microsoft.graph.animal)".to_string()
            )]
        );
        assert_eq!(c(json!({"value": null})).len(), 1);
        assert_eq!(c(json!([{"legs": 4}])).len(), 1);
        assert_eq!(c(json!({"@odata.count": "3"}))[0].0, "$[\"@odata.count\"]");
    }

    #[test]
    fn single_primitive_and_enum_bodies_are_wrapped() {
        let m = model();
        let c = |ty: TypeRef, v| {
            check_example(&m, &ty, false, &v)
                .into_iter()
                .map(|x| x.path)
                .collect::<Vec<_>>()
        };
        assert!(c(
            p(Edm::Boolean),
            json!({"@odata.context": "x", "value": true})
        )
        .is_empty());
        assert_eq!(c(p(Edm::String), json!({"value": true})), ["$.value"]);
        assert_eq!(c(p(Edm::String), json!({"value": null})), ["$.value"]);
        assert_eq!(c(p(Edm::Int32), json!({"count": 1})), ["$"]);
        assert_eq!(c(p(Edm::Int32), json!([1])), ["$"]);
        assert!(c(n("microsoft.graph.status"), json!({"value": "new"})).is_empty());
        assert!(c(p(Edm::Untyped), json!([1, {"x": null}])).is_empty());
        let dup = check_example_text(&m, &p(Edm::Int32), false, "{\"value\": 1, \"value\": 2}");
        assert_eq!(dup.unwrap().len(), 1);
    }

    #[test]
    fn duplicates_fail_only_when_read_straight_from_text() {
        let m = model();
        let text = "{\n  \"legs\": 4,\n  \"legs\": 5\n}";
        let found = check_example_text(
            &m,
            &n("microsoft.graph.certificate"),
            false,
            "{\"count\": 1, \"count\": 2, \"other\": 1, \"other\": 2}",
        )
        .unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].reason, "`count` is given twice");
        // A polymorphic value is buffered: the last duplicate wins, the first is never read.
        let found = check_example_text(
            &m,
            &n("microsoft.graph.animal"),
            false,
            "{\"legs\": \"x\", \"legs\": 5}",
        )
        .unwrap();
        assert!(found.is_empty(), "{found:?}");
        assert!(
            check_example_text(&m, &n("microsoft.graph.dog"), false, text)
                .unwrap()
                .len()
                == 1
        );
    }

    #[test]
    fn positions_and_messages() {
        let m = model();
        let text = "{\n  \"cert\": {\n    \"notAfter\": \"2021-07-16T10:00:00.0000000Z and some more text\"\n  }\n}";
        let found = check_example_text(&m, &n("microsoft.graph.connector"), false, text).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].at, Some((3, 17)));
        assert_eq!(found[0].value, "\"2021-07-16T10:00:00.0000000Z a…\"");
        assert!(
            check_example_text(&m, &n("microsoft.graph.connector"), false, "{\"a\": 1,}").is_none()
        );
    }

    #[test]
    fn primitive_formats() {
        for (e, ok, bad) in [
            (
                Edm::Guid,
                vec![
                    "5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5f",
                    "5F4F2E1C0B7A4C3B9D2E8A1B2C3D4E5F",
                    "{5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5f}",
                    "urn:uuid:5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5f",
                ],
                vec![
                    "",
                    "5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5",
                    "string",
                    "5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5g",
                ],
            ),
            (
                Edm::DateTimeOffset,
                vec![
                    "2021-07-16T10:00:00Z",
                    "2021-07-16t10:00z",
                    "2021-07-16T10:00:00.1234567-08:00",
                    "2016-12-31T23:59:60Z",
                    "2021-07-16T10:00:00",
                ],
                vec![
                    "2021-07-16",
                    "2021-07-16 10:00:00Z",
                    "2021-07-16T10:00:00+0530",
                    "String (timestamp)",
                    "2021-02-29T00:00:00Z",
                    "+262142-12-31T23:59:59-01:00",
                ],
            ),
            (
                Edm::Date,
                vec!["2021-07-16", "+2021-07-16", "-0044-03-15", "2000-02-29"],
                vec![
                    "2021-7-16",
                    "1900-02-29",
                    "2021-07-16T00:00:00Z",
                    "262143-01-01",
                ],
            ),
            (
                Edm::TimeOfDay,
                vec!["08:00", "08:00:00.0000000", "23:59:60"],
                vec!["8:00", "08:00:00Z", "24:00:00", "08:00:00."],
            ),
            (
                Edm::Duration,
                vec!["PT1H30M", "P1Y2M3W4DT5H6M7.5S", "-PT5M", "p1d", "PT0,5S"],
                vec!["P", "PT", "P1H", "PT1.5M", "PT1M1H", "1 day", "P1DT"],
            ),
            (
                Edm::Binary,
                vec!["", "aGVsbG8=", "aGVsbG8", "+/8=", "-_8", "QQ==", "QQ="],
                vec!["a", "QR==", "Q===", "aGVs bG8=", "aG=Vs", "QQ==="],
            ),
        ] {
            for s in ok {
                assert_eq!(primitive_str(e, s), Ok(()), "{e:?} {s:?}");
            }
            for s in bad {
                assert!(primitive_str(e, s).is_err(), "{e:?} {s:?}");
            }
        }
    }
}
