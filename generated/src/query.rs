//! OData system query options (`$select`, `$filter`, …) as a typed value, so callers do not
//! hand-assemble query strings or forget Graph's quoting rules.

/// The OData query options of one request. Build it with the chained setters and hand it to
/// [`Request::query`](crate::Request::query); options left unset are not sent.
///
/// ```
/// use graphdoc_generated::Query;
///
/// let q = Query::default()
///     .select(["id", "displayName"])
///     .filter("startswith(displayName,'A')")
///     .top(10)
///     .search("displayName:contoso");
/// assert_eq!(q.to_pairs()[0], ("$select".to_string(), "id,displayName".to_string()));
/// assert_eq!(q.to_pairs()[3], ("$search".to_string(), "\"displayName:contoso\"".to_string()));
/// ```
#[derive(Default, Clone, Debug, PartialEq)]
pub struct Query {
    select: Vec<String>,
    expand: Vec<String>,
    filter: Option<String>,
    orderby: Vec<String>,
    top: Option<u32>,
    skip: Option<u32>,
    count: Option<bool>,
    search: Option<String>,
}

fn strings<I>(items: I) -> Vec<String>
where
    I: IntoIterator,
    I::Item: Into<String>,
{
    items.into_iter().map(Into::into).collect()
}

impl Query {
    /// Limits the response to these properties (`$select`), cutting payload size and, for
    /// some resources, asking for properties Graph does not return by default. Replaces any
    /// earlier selection.
    pub fn select<I>(mut self, properties: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.select = strings(properties);
        self
    }

    /// Inlines related entities (`$expand`), saving a round trip per relationship. Each item
    /// is one expansion, possibly with nested options (`members($select=id)`). Replaces any
    /// earlier list.
    pub fn expand<I>(mut self, relationships: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.expand = strings(relationships);
        self
    }

    /// Filters the collection on the server (`$filter`), in OData syntax; the text is sent as
    /// written (percent-encoded on the wire).
    pub fn filter(mut self, expression: impl Into<String>) -> Self {
        self.filter = Some(expression.into());
        self
    }

    /// Sorts the collection (`$orderby`); each item is a property, optionally followed by
    /// ` desc`. Replaces any earlier list.
    pub fn orderby<I>(mut self, keys: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.orderby = strings(keys);
        self
    }

    /// Page size (`$top`); Graph caps it per resource and pages the rest via `@odata.nextLink`.
    pub fn top(mut self, n: u32) -> Self {
        self.top = Some(n);
        self
    }

    /// Skips the first `n` items (`$skip`), for the resources that support it.
    pub fn skip(mut self, n: u32) -> Self {
        self.skip = Some(n);
        self
    }

    /// Asks for the total count in `@odata.count` (`$count`). Directory resources also need
    /// the `ConsistencyLevel: eventual` header for it.
    pub fn count(mut self, on: bool) -> Self {
        self.count = Some(on);
        self
    }

    /// Full-text search (`$search`). Graph requires the term in double quotes; they are added
    /// unless the text already starts and ends with one.
    pub fn search(mut self, terms: impl Into<String>) -> Self {
        self.search = Some(terms.into());
        self
    }

    /// True when no option is set, so callers can skip an empty `?`.
    pub fn is_empty(&self) -> bool {
        self.to_pairs().is_empty()
    }

    /// The options as unencoded `(name, value)` pairs in a fixed order (`$select`, `$expand`,
    /// `$filter`, `$orderby`, `$top`, `$skip`, `$count`, `$search`), so the same query always
    /// renders the same URL (stable logs, cache keys and tests).
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        let mut push = |name: &str, value: String| pairs.push((name.to_string(), value));
        if !self.select.is_empty() {
            push("$select", self.select.join(","));
        }
        if !self.expand.is_empty() {
            push("$expand", self.expand.join(","));
        }
        if let Some(filter) = &self.filter {
            push("$filter", filter.clone());
        }
        if !self.orderby.is_empty() {
            push("$orderby", self.orderby.join(","));
        }
        if let Some(top) = self.top {
            push("$top", top.to_string());
        }
        if let Some(skip) = self.skip {
            push("$skip", skip.to_string());
        }
        if let Some(count) = self.count {
            push("$count", count.to_string());
        }
        if let Some(search) = &self.search {
            let quoted = search.len() >= 2 && search.starts_with('"') && search.ends_with('"');
            push(
                "$search",
                if quoted {
                    search.clone()
                } else {
                    format!("\"{search}\"")
                },
            );
        }
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(q: &Query) -> Vec<String> {
        q.to_pairs()
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect()
    }

    #[test]
    fn fixed_order_whatever_the_call_order() {
        let q = Query::default()
            .search("\"already\"")
            .count(true)
            .skip(5)
            .top(10)
            .orderby(["displayName desc", "id"])
            .filter("id eq 'x'")
            .expand(vec![String::from("manager")])
            .select(["id", "displayName"]);
        assert_eq!(
            pairs(&q),
            [
                "$select=id,displayName",
                "$expand=manager",
                "$filter=id eq 'x'",
                "$orderby=displayName desc,id",
                "$top=10",
                "$skip=5",
                "$count=true",
                "$search=\"already\"",
            ]
        );
    }

    #[test]
    fn search_is_quoted_once() {
        assert_eq!(pairs(&Query::default().search("a b")), ["$search=\"a b\""]);
        assert_eq!(pairs(&Query::default().search("\"")), ["$search=\"\"\""]);
        assert_eq!(pairs(&Query::default().search("")), ["$search=\"\""]);
    }

    #[test]
    fn empty_is_empty() {
        assert!(Query::default().is_empty());
        assert!(Query::default().select(Vec::<String>::new()).is_empty());
        assert!(!Query::default().count(false).is_empty());
    }
}
