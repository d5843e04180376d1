//! Route lines of an API page's `HTTP request` block: `GET /users/{id | userPrincipalName}`,
//! `GET /reports/getX(period='{period_value}')`, `GET /me/drive/root:/{item-path}:/content`, ….

/// One path segment of a documented route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Written as-is: `users`, `$value`, `microsoft.graph.user` (a cast), `$ref`.
    Literal(String),
    /// A value the caller supplies: `{id}`, `{user-id}`, `{id | userPrincipalName}` (name `id`).
    Param(String),
    /// A function call with parameters: `getX(period='{period_value}',top={n})`.
    Function {
        /// The function name.
        name: String,
        /// `(parameter, placeholder name, quoted)`; a literal argument has no placeholder.
        args: Vec<FunctionArg>,
    },
    /// Path-based addressing: `root:/{item-path}:` — the value may contain `/`.
    PathAddress {
        /// The segment before the colon: `root`.
        prefix: String,
        /// The placeholder name: `item-path`.
        param: String,
    },
}

/// One argument of a function segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionArg {
    /// The function parameter's name.
    pub name: String,
    /// The placeholder the caller fills (`period_value`; the argument's own name when the route
    /// writes a sample value, `on='parameterValue'`), or `None` for an unnamed literal.
    pub param: Option<String>,
    /// The text written in the route when it is not a `{placeholder}`: the fixed literal, or
    /// the sample string.
    pub literal: String,
    /// Written inside single quotes (a string argument).
    pub quoted: bool,
}

/// An HTTP method a route or request example uses: the five Graph documents. Variants are in
/// the order of their names, so sorting methods sorts them as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// `DELETE`
    Delete,
    /// `GET`
    Get,
    /// `PATCH`
    Patch,
    /// `POST`
    Post,
    /// `PUT`
    Put,
}

impl Method {
    /// The five, in the order of their names.
    pub const ALL: [Method; 5] = [
        Method::Delete,
        Method::Get,
        Method::Patch,
        Method::Post,
        Method::Put,
    ];

    /// The method as written on the wire: `GET`, `POST`, … (serde writes the same name).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Delete => "DELETE",
            Method::Get => "GET",
            Method::Patch => "PATCH",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }

    /// The method `s` names, in any case (`get`, `Post`), if it is one of the five.
    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s))
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A route line read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// `GET`, `POST`, …
    pub method: Method,
    /// The path as written (query removed).
    pub path: String,
    /// The segments.
    pub segments: Vec<Segment>,
    /// The page marks this route deprecated (`The /app path is deprecated`): it is resolved
    /// after the current routes, so builder and method names go to those first.
    pub deprecated: bool,
}

/// Why a line is not a route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteError {
    /// Not `METHOD /path` at all (prose, headers, JSON).
    NotARoute,
    /// A route whose path graphdoc cannot read; the text says which part.
    BadPath(String),
}

/// Reads one line of an `HTTP request` block.
pub fn route(line: &str) -> Result<Route, RouteError> {
    let t = line.trim();
    // `DELETE/identity/...` (no space) is a typo for `DELETE /identity/...`.
    let (method, rest) = match t.split_once(char::is_whitespace) {
        Some((m, r)) if !m.contains('/') => (m, r),
        _ => match t.find('/') {
            Some(i) => (&t[..i], &t[i..]),
            None => return Err(RouteError::NotARoute),
        },
    };
    let Some(method) = Method::parse(method) else {
        return Err(RouteError::NotARoute);
    };
    let mut path = rest.trim();
    // `GET /x HTTP/1.1`, full URLs, and query strings are not part of the route.
    if let Some(p) = path
        .strip_suffix("HTTP/1.1")
        .or_else(|| path.strip_suffix("HTTP/1.0"))
    {
        path = p.trim();
    }
    for host in [
        "https://graph.microsoft.com/beta",
        "https://graph.microsoft.com/v1.0",
        "https://graph.microsoft.com",
    ] {
        if let Some(p) = path.strip_prefix(host) {
            path = p;
        }
    }
    let path = path.split('?').next().unwrap_or("").trim();
    // `policies/x` without its leading slash is still a route; anything else is not.
    let owned;
    let path = if path.starts_with('/') {
        path
    } else if path.starts_with(|c: char| c.is_ascii_alphabetic()) && !path.contains(' ') {
        owned = format!("/{path}");
        owned.as_str()
    } else {
        return Err(RouteError::BadPath(format!(
            "`{path}` does not start with `/`"
        )));
    };
    if let Some(long) = path
        .split('/')
        .find(|s| s.chars().count() > super::MAX_NAME)
    {
        return Err(RouteError::BadPath(format!(
            "the segment `{}` is over the {} characters graphdoc accepts for a name",
            super::clip(long),
            super::MAX_NAME
        )));
    }
    let segments = segments(path)?;
    if segments.is_empty() {
        return Err(RouteError::BadPath("the path has no segments".into()));
    }
    Ok(Route {
        method,
        path: path.to_string(),
        segments,
        deprecated: false,
    })
}

/// Splits a path into segments, keeping `root:/{path}:` together.
fn segments(path: &str) -> Result<Vec<Segment>, RouteError> {
    let mut out = Vec::new();
    let mut rest = path.trim_start_matches('/');
    while !rest.is_empty() {
        // Path addressing: `name:/{param}:` (the value may hold slashes).
        // A byte search: a substring searcher costs more to set up than a route takes to scan.
        if let Some(colon) = rest.as_bytes().windows(2).position(|w| w == b":/") {
            let head = &rest[..colon];
            if !head.contains('/') {
                let after = &rest[colon + 2..];
                // A missing closing `:` at the end of the route is implied.
                let end = after.find(':').unwrap_or(after.len());
                let inner = &after[..end];
                let param = placeholder(inner).ok_or_else(|| {
                    RouteError::BadPath(format!(
                        "`{inner}` in path addressing is not a `{{placeholder}}`"
                    ))
                })?;
                out.push(Segment::PathAddress {
                    prefix: head.to_string(),
                    param,
                });
                rest = after.get(end + 1..).unwrap_or("").trim_start_matches('/');
                continue;
            }
        }
        let (seg, tail) = match split_segment(rest) {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        rest = tail;
        if seg.is_empty() {
            continue;
        }
        out.push(segment(seg)?);
    }
    Ok(out)
}

/// The index of the first `/` not inside `{…}`, `(…)` or quotes.
fn split_segment(s: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '{' | '(' if !quoted => depth += 1,
            '}' | ')' if !quoted => depth -= 1,
            '/' if depth <= 0 && !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// `{id | userPrincipalName}` → `id`; `{user-id}` → `user-id`.
fn placeholder(s: &str) -> Option<String> {
    let inner = s.trim().strip_prefix('{')?.strip_suffix('}')?;
    let name = inner.split('|').next()?.trim();
    (!name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ')))
    .then(|| name.replace(' ', ""))
}

fn segment(seg: &str) -> Result<Segment, RouteError> {
    if seg.starts_with('{') {
        return placeholder(seg)
            .map(Segment::Param)
            .ok_or_else(|| RouteError::BadPath(format!("`{seg}` is not a `{{placeholder}}`")));
    }
    if let Some(open) = seg.find('(') {
        let name = &seg[..open];
        let body = seg[open + 1..]
            .strip_suffix(')')
            .ok_or_else(|| RouteError::BadPath(format!("`{seg}` has an unclosed `(`")))?;
        let mut args = Vec::new();
        for part in body.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (arg_name, value) = match part.split_once('=') {
                Some((n, v)) => (n.trim().to_string(), v.trim()),
                // `users('{id}')`: a key in parentheses.
                None => (String::new(), part),
            };
            let quoted = value.starts_with('\'') && value.ends_with('\'') && value.len() >= 2;
            let unq = if quoted {
                &value[1..value.len() - 1]
            } else {
                value
            };
            let param = if unq.starts_with('{') {
                Some(placeholder(unq).ok_or_else(|| {
                    RouteError::BadPath(format!("`{unq}` is not a `{{placeholder}}`"))
                })?)
            } else if !arg_name.is_empty() {
                // A value written out for a named argument (`on='parameterValue'`,
                // `startDateTime='2017-01-01'`, `includePersonalNotebooks=true`) is a sample the
                // caller replaces: a function's arguments are its inputs, and the examples of
                // the same page pass other values.
                Some(arg_name.clone())
            } else {
                None
            };
            args.push(FunctionArg {
                name: arg_name,
                literal: if unq.starts_with('{') {
                    String::new()
                } else {
                    unq.to_string()
                },
                param,
                quoted,
            });
        }
        return Ok(Segment::Function {
            name: name.to_string(),
            args,
        });
    }
    if seg.contains(['{', '}', ' ', '<', '>']) {
        return Err(RouteError::BadPath(format!(
            "`{seg}` mixes text and placeholders"
        )));
    }
    Ok(Segment::Literal(seg.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Segment {
        Segment::Literal(s.into())
    }

    #[test]
    fn reads_the_route_shapes_of_the_corpus() {
        let r = route("GET /users/{id | userPrincipalName}").unwrap();
        assert_eq!(r.segments, [lit("users"), Segment::Param("id".into())]);
        let r =
            route("POST /identity/apiConnectors/{identityApiConnectorId}/uploadClientCertificate")
                .unwrap();
        assert_eq!(r.segments.len(), 4);
        let r = route("GET /me/drive/root:/{item-path}:/content").unwrap();
        assert_eq!(
            r.segments,
            [
                lit("me"),
                lit("drive"),
                Segment::PathAddress {
                    prefix: "root".into(),
                    param: "item-path".into()
                },
                lit("content")
            ]
        );
        let r = route("GET /reports/getEmailActivityUserDetail(period='{period_value}')").unwrap();
        assert!(
            matches!(&r.segments[1], Segment::Function { name, args } if name == "getEmailActivityUserDetail" && args[0].param.as_deref() == Some("period_value") && args[0].quoted)
        );
        let r = route("GET https://graph.microsoft.com/v1.0/groups/{id}/members/microsoft.graph.user?$count=true HTTP/1.1").unwrap();
        assert_eq!(r.segments[3], lit("microsoft.graph.user"));
        assert_eq!(r.path, "/groups/{id}/members/microsoft.graph.user");
        let r = route("POST /groups/{group-id}/members/$ref").unwrap();
        assert_eq!(r.segments[3], lit("$ref"));
        assert_eq!(
            route("Content-Type: application/json"),
            Err(RouteError::NotARoute)
        );
        assert!(matches!(
            route("GET /users/abc{id}"),
            Err(RouteError::BadPath(_))
        ));
        assert_eq!(route("GET policies/x").unwrap().path, "/policies/x");
        assert_eq!(route("DELETE/a/{id}").unwrap().method, Method::Delete);
        assert!(matches!(
            route("GET /me/drive/root:/{item-path}").unwrap().segments[2],
            Segment::PathAddress { .. }
        ));
        assert!(matches!(
            route("GET ** Entity URI for x not found"),
            Err(RouteError::BadPath(_))
        ));
    }

    #[test]
    fn odd_lines_never_panic() {
        for l in [
            "",
            "GET",
            "GET /",
            "GET /a:/",
            "GET /a:/{x}",
            "GET /f(",
            "GET /f('",
            "GET /{",
            "GET /}",
            "GET /f(a=')",
            "DELETE /x/{a|}",
        ] {
            let _ = route(l);
        }
    }

    /// The model's JSON spells a method as the wire does, and `parse` reads it back in any case.
    #[test]
    fn methods_are_written_and_read_as_on_the_wire() {
        for m in Method::ALL {
            let json = serde_json::to_value(m).unwrap();
            assert_eq!(json, m.as_str());
            assert_eq!(m.to_string(), m.as_str());
            assert_eq!(Method::parse(&m.as_str().to_ascii_lowercase()), Some(m));
        }
        assert!(Method::ALL
            .windows(2)
            .all(|w| w[0].as_str() < w[1].as_str()));
        assert_eq!(Method::parse("MERGE"), None);
    }
}
