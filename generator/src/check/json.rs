//! A JSON tree that keeps duplicate members and where each value starts, read from text
//! serde_json already accepted.

#[derive(Debug, Clone)]
pub(super) struct Node {
    /// 1-based line and column in the text; (0, 0) when built from a `Value`.
    pub(super) at: (u32, u32),
    pub(super) v: J,
}

#[derive(Debug, Clone)]
pub(super) enum J {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl Node {
    pub(super) fn from_value(v: &serde_json::Value) -> Node {
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

    pub(super) fn to_value(&self) -> serde_json::Value {
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
    pub(super) fn last(&self, name: &str) -> Option<&Node> {
        match &self.v {
            J::Object(o) => o.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(super) fn kind(&self) -> &'static str {
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
pub(super) struct Reader<'a> {
    pub(super) s: &'a str,
    pub(super) i: usize,
    pub(super) line: u32,
    pub(super) line_start: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn parse(s: &'a str) -> Option<Node> {
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

    pub(super) fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    pub(super) fn ws(&mut self) {
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

    pub(super) fn at(&self) -> (u32, u32) {
        let col = self
            .s
            .get(self.line_start..self.i)
            .map_or(0, |t| t.chars().count());
        (self.line, col as u32 + 1)
    }

    pub(super) fn string(&mut self) -> Option<String> {
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

    /// The comma-separated items of an object or array, from its opening bracket (the next
    /// byte) through `close`, each read by `item` (which starts after any white space).
    fn items(&mut self, close: u8, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.i += 1;
        self.ws();
        if self.peek() == Some(close) {
            self.i += 1;
            return Some(());
        }
        loop {
            self.ws();
            item(self)?;
            self.ws();
            match self.peek()? {
                b',' => self.i += 1,
                b if b == close => {
                    self.i += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    pub(super) fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > 200 {
            return None;
        }
        let at = self.at();
        let v = match self.peek()? {
            b'{' => {
                let mut members = Vec::new();
                self.items(b'}', |r| {
                    if r.peek() != Some(b'"') {
                        return None;
                    }
                    let k = r.string()?;
                    r.ws();
                    if r.peek() != Some(b':') {
                        return None;
                    }
                    r.i += 1;
                    r.ws();
                    members.push((k, r.value(depth + 1)?));
                    Some(())
                })?;
                J::Object(members)
            }
            b'[' => {
                let mut items = Vec::new();
                self.items(b']', |r| {
                    items.push(r.value(depth + 1)?);
                    Some(())
                })?;
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
