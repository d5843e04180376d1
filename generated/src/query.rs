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

/// A chained setter for a list option: it replaces any earlier list.
macro_rules! list_option {
    ($(#[$doc:meta])* $name:ident($arg:ident)) => {
        $(#[$doc])*
        pub fn $name<I>(mut self, $arg: I) -> Self
        where
            I: IntoIterator,
            I::Item: Into<String>,
        {
            self.$name = $arg.into_iter().map(Into::into).collect();
            self
        }
    };
}

/// A chained setter for a single-valued option: it replaces any earlier value.
macro_rules! value_option {
    ($(#[$doc:meta])* $name:ident($arg:ident: $ty:ty)) => {
        $(#[$doc])*
        pub fn $name(mut self, $arg: $ty) -> Self {
            self.$name = Some($arg.into());
            self
        }
    };
}

impl Query {
    list_option! {
        /// Limits the response to these properties (`$select`), cutting payload size and, for
        /// some resources, asking for properties Graph does not return by default. Replaces any
        /// earlier selection.
        select(properties)
    }

    list_option! {
        /// Inlines related entities (`$expand`), saving a round trip per relationship. Each item
        /// is one expansion, possibly with nested options (`members($select=id)`). Replaces any
        /// earlier list.
        expand(relationships)
    }

    value_option! {
        /// Filters the collection on the server (`$filter`), in OData syntax; the text is sent as
        /// written (percent-encoded on the wire).
        filter(expression: impl Into<String>)
    }

    list_option! {
        /// Sorts the collection (`$orderby`); each item is a property, optionally followed by
        /// ` desc`. Replaces any earlier list.
        orderby(keys)
    }

    value_option! {
        /// Page size (`$top`); Graph caps it per resource and pages the rest via `@odata.nextLink`.
        top(n: u32)
    }

    value_option! {
        /// Skips the first `n` items (`$skip`), for the resources that support it.
        skip(n: u32)
    }

    value_option! {
        /// Asks for the total count in `@odata.count` (`$count`). Directory resources also need
        /// the `ConsistencyLevel: eventual` header for it.
        count(on: bool)
    }

    value_option! {
        /// Full-text search (`$search`). Graph requires the term in double quotes; they are added
        /// unless the text already starts and ends with one.
        search(terms: impl Into<String>)
    }

    /// True when no option is set, so callers can skip an empty `?`.
    pub fn is_empty(&self) -> bool {
        self.to_pairs().is_empty()
    }

    /// The options as unencoded `(name, value)` pairs in a fixed order (`$select`, `$expand`,
    /// `$filter`, `$orderby`, `$top`, `$skip`, `$count`, `$search`), so the same query always
    /// renders the same URL (stable logs, cache keys and tests).
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let list = |items: &[String]| (!items.is_empty()).then(|| items.join(","));
        let search = self.search.as_ref().map(|search| {
            let quoted = search.len() >= 2 && search.starts_with('"') && search.ends_with('"');
            if quoted {
                search.clone()
            } else {
                format!("\"{search}\"")
            }
        });
        [
            ("$select", list(&self.select)),
            ("$expand", list(&self.expand)),
            ("$filter", self.filter.clone()),
            ("$orderby", list(&self.orderby)),
            ("$top", self.top.map(|n| n.to_string())),
            ("$skip", self.skip.map(|n| n.to_string())),
            ("$count", self.count.map(|on| on.to_string())),
            ("$search", search),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name.to_string(), value?)))
        .collect()
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
