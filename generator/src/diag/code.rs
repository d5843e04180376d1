//! The one list of diagnostic codes. Each code has its printed name (stable, kebab-case, what
//! `lint --code` takes and scripts count) and a one-line meaning; the README's code table is
//! generated from this list (a test keeps it in step).

/// Declares [`Code`] from one table, so the variant, its printed name and its meaning cannot
/// drift apart. Rows must stay sorted by printed name: the derived order is the printed order,
/// which is the order diagnostics sort in (a test checks).
macro_rules! codes {
    ($($variant:ident = $name:literal: $meaning:literal;)*) => {
        /// What kind of irregularity a diagnostic reports. Printed as its kebab-case name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = $meaning]
                $variant,
            )*
        }

        impl Code {
            /// Every code, sorted by printed name.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The printed name, e.g. `lenient-json`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// One line on what the code reports and what generation did about it.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Code::$variant => $meaning,)*
                }
            }
        }
    };
}

codes! {
    AmbiguousResource = "ambiguous-resource": "`--resource` names several types (in different namespaces); all of them are generated";
    AnglePlaceholder = "angle-placeholder": "a function argument written `f(<p>)` where other routes write `f(p=…)`; read as those";
    AnnotationAtType = "annotation-at-type": "an annotation spells `@type` for `@odata.type`; read as `@odata.type`";
    BadRuntimePath = "bad-runtime-path": "`--runtime` (or the macro's `runtime`) is not a Rust path; nothing is generated";
    BadTypeName = "bad-type-name": "the type name a page gives is not usable as a name; the type is left out";
    BaseCycle = "base-cycle": "base types name each other in a cycle; the base that closes the cycle is dropped";
    BaseMismatch = "base-mismatch": "the prose and the annotation name different bases; the more specific base wins";
    BaseTooDeep = "base-too-deep": "inheritance deeper than 16 levels; the base is dropped there";
    BinaryContent = "binary-content": "the page holds NUL bytes; they are removed before reading";
    BodyTableShape = "body-table-shape": "a request-body table without `Parameter` and `Type` columns; the body is not typed";
    BuilderName = "builder-name": "two routes want the same builder method name; the first keeps it";
    ConcreteIdInRoute = "concrete-id-in-route": "a route writes a GUID where a key goes; read as the key";
    DeprecatedRoute = "deprecated-route": "the HTTP request section calls a path deprecated; its routes come after the current ones, which take the plain builder names";
    DuplicateMember = "duplicate-member": "an enum member listed twice; the first is kept";
    DuplicateProperty = "duplicate-property": "a property listed twice in one table; the first is kept";
    DuplicateType = "duplicate-type": "a type documented on several pages; merged, the page named for the type is primary";
    EmitBug = "emit-bug": "graphdoc produced tokens that are not valid Rust (a graphdoc bug: please report it)";
    EmptyPage = "empty-page": "the page is empty, or has front matter and nothing after it";
    EmptyPropertyName = "empty-property-name": "a Properties row with no name; skipped";
    EmptyType = "empty-type": "a property with no type (the JSON representation is consulted first); kept as raw JSON";
    EnumBase = "enum-base": "a type names an enum as its base; the base is dropped";
    EnumMemberName = "enum-member-name": "an enum table cell that is not a member name; skipped";
    EnumTableShape = "enum-table-shape": "an enum table without `Member` or `Value` columns; the first column is read as member names";
    EnumValue = "enum-value": "an enum member's value is not an integer; no value is recorded";
    EnumWithoutMembers = "enum-without-members": "an enum page whose tables give no members; the enum is left out";
    EnumWithoutTable = "enum-without-table": "an enum section with no members table; the enum is left out";
    ExampleMismatch = "example-mismatch": "a documented example contradicts the documented types (lint): JSON path, value and type";
    ExampleStatus = "example-status": "a response example without an `HTTP/1.1 NNN` status line";
    ExtraResourceAnnotation = "extra-resource-annotation": "a second resource annotation on one page; only the first describes the page's type";
    ForeignSubTable = "foreign-sub-table": "a `###` sub-table under Properties documenting another object (none of its rows is in the JSON representation); skipped";
    FrontMatterLine = "front-matter-line": "a front matter line that is not `key: value`; ignored";
    FunctionQuoting = "function-quoting": "a function argument the route writes bare but its example quotes; quoted as the example does";
    HiddenCharacter = "hidden-character": "a bidirectional control (warning) or invisible character (note) in a page; emitted code writes it as a visible `\\u{…}` escape";
    ImpliedEntity = "implied-entity": "a base `microsoft.graph.entity` the folder does not document still makes an entity keyed by `id`";
    ImpliedKey = "implied-key": "no base and no `keyProperty`: an `id` the JSON representation marks `(identifier)` is the key";
    InferredBase = "inferred-base": "an entity keyed by `id` that names no base derives from `entity`, as in Graph's schema (note)";
    InferredKind = "inferred-kind": "a type with an `id` and API pages of its own but no key is an entity (note)";
    InferredNavigation = "inferred-navigation": "a navigation the routes show but the type page lacks; added, typed by the page's response";
    InstanceAttributes = "instance-attributes": "an `Instance attributes` table (annotations such as `@microsoft.graph.downloadUrl`), not properties of the type; skipped";
    InvalidAnnotation = "invalid-annotation": "an annotation comment that is not JSON, or not an object; ignored";
    InvalidJson = "invalid-json": "a JSON representation that is not JSON; the Properties table is used alone";
    JsonOnlyProperty = "json-only-property": "a property in the JSON representation but not in the Properties table, which is the authority; not modelled";
    LenientJson = "lenient-json": "a JSON block or annotation with comments, trailing commas, odd spaces or leading zeros; read anyway";
    MethodWithoutPage = "method-without-page": "a Methods table row that links to no API page; the method has no endpoint";
    MissingApiPage = "missing-api-page": "a Methods table row linking to a page not in the folder; the method has no endpoint";
    MissingTitle = "missing-title": "the page has no `# … resource type` title; the type is named from its annotation";
    MissingTypeName = "missing-type-name": "a page documents a type but neither its title nor an annotation names it; left out";
    MixedMethods = "mixed-methods": "an HTTP request block mixes methods; the method's own routes are used";
    NameTooLong = "name-too-long": "a name over 256 characters; left out";
    NestingTooDeep = "nesting-too-deep": "a field whose type nests deeper than rustc's drop check follows; kept as raw JSON";
    NoPropertiesTable = "no-properties-table": "a Properties section with no table; the type has no properties of its own";
    NoRoutes = "no-routes": "an API page with no readable route in its `HTTP request` block; the method gets no endpoint";
    NotATypePage = "not-a-type-page": "the title names a type but the page has neither a Properties table nor a JSON representation; left out";
    NotUtf8 = "not-utf8": "bytes that are not UTF-8; read with U+FFFD in their place";
    NullMember = "null-member": "a `null` row in a members table: JSON `null` (a field's `Null` state), not a member";
    OdataTypeRow = "odata-type-row": "an `@odata.type` row in a Properties table (the type annotation, which emitted types handle); skipped";
    OneOfType = "one-of-type": "a property listing several types with no common documented base; kept as raw JSON";
    OutsideRoot = "outside-root": "a link leading outside the tree, dangling or looping; not read";
    OversizePage = "oversize-page": "a page over 8 MiB; not read";
    PipeInCodeSpan = "pipe-in-code-span": "a pipe character inside a code span in a table row; kept in its cell (GFM would split the cell there)";
    PropertiesTableShape = "properties-table-shape": "a Properties table without `Property` and `Type` columns; no properties read from it";
    PropertyNameCleaned = "property-name-cleaned": "a property cell holding more than a name; the name is used";
    RaggedTableRow = "ragged-table-row": "a table row with more or fewer cells than its header; padded or merged";
    RenamedType = "renamed-type": "a type whose Rust name another type in its module already has; renamed";
    ResponseTypeMismatch = "response-type-mismatch": "the Methods table types a reply differently from what the route addresses; typed as the route says";
    ResponseWithoutBody = "response-without-body": "a 204/202 page whose Methods table names a return type; typed without a body";
    RouteCollision = "route-collision": "two pages document operations on one route and verb; the page named for the node's type wins";
    RouteFromExample = "route-from-example": "a request example uses a route its page's HTTP request section does not list; the route joins the page's";
    RouteJunk = "route-junk": "a line in an HTTP request block that is not a route; skipped";
    RouteUnreadable = "route-unreadable": "a route graphdoc cannot read; skipped";
    SpecialFile = "special-file": "a FIFO, device or linked folder in the tree; not opened";
    StreamProperty = "stream-property": "a stream property: read from its own URL, never sent inline, so modelled but not emitted as a field";
    StringValuedEnum = "string-valued-enum": "a `values` section documenting a String property's values: not an enum, the property stays String";
    TableGroupRow = "table-group-row": "a bold group row inside a table; skipped";
    TableWithoutHeader = "table-without-header": "a table delimiter row with no header row above it; the columns are guessed from the section";
    TitleMismatch = "title-mismatch": "the title names another type than the annotation; the annotation wins";
    UnclosedFrontMatter = "unclosed-front-matter": "front matter opened with `---` and never closed; the page is read as if it had none";
    UnknownBase = "unknown-base": "a base type the folder does not document; the type has no base";
    UnknownResource = "unknown-resource": "`--resource` names no documented type (error); the message suggests the nearest name";
    UnknownSegment = "unknown-segment": "a route segment naming nothing documented; the builder offers it untyped";
    UnknownType = "unknown-type": "a property or parameter type no page in the folder documents; kept as raw JSON (a parameter is left out)";
    UnknownTypeSpelling = "unknown-type-spelling": "a type cell that is not a type spelling graphdoc knows; the JSON representation is consulted, else raw JSON";
    UnreadTable = "unread-table": "a table in a Properties or Relationships section without name and type columns; skipped";
    UnreadablePage = "unreadable-page": "an I/O error reading a page; not read";
    UnterminatedComment = "unterminated-comment": "an HTML comment that is never closed; the rest of the page is read as text";
    UnterminatedFence = "unterminated-fence": "a code fence that is never closed; it is taken to end at the next heading";
    ValuesInString = "values-in-string": "a `String` property whose description lists the values it takes: an enum the page does not name (note)";
    WrappedTableRow = "wrapped-table-row": "a table row continued on the next line without a leading pipe; joined to the row above";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::str::FromStr for Code {
    type Err = ();

    /// The code printed as `s`, if there is one.
    fn from_str(s: &str) -> Result<Code, ()> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or(())
    }
}

/// The README's code table, as generated from [`Code::ALL`].
pub fn readme_table() -> String {
    let mut out = String::from("| code | meaning |\n|---|---|\n");
    for c in Code::ALL {
        out.push_str(&format!("| `{}` | {} |\n", c.as_str(), c.meaning()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Code;

    /// The derived order is the printed order: diagnostics sort by code, and the order they are
    /// printed in must not depend on how the variants are spelled.
    #[test]
    fn codes_are_sorted_by_printed_name() {
        for w in Code::ALL.windows(2) {
            assert!(w[0].as_str() < w[1].as_str(), "{} before {}", w[0], w[1]);
            assert!(w[0] < w[1], "{:?} before {:?}", w[0], w[1]);
        }
    }

    #[test]
    fn printed_names_are_kebab_case_and_parse_back() {
        for &c in Code::ALL {
            let s = c.as_str();
            assert!(
                s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{s}"
            );
            assert_eq!(s.parse::<Code>(), Ok(c));
            assert!(
                !c.meaning().contains('\n') && !c.meaning().contains('|'),
                "{s}"
            );
        }
        assert_eq!("no-such-code".parse::<Code>(), Err(()));
    }

    /// Every code is still reported somewhere: a variant no source names is a dead code that
    /// `lint --code` would accept for nothing.
    #[test]
    fn every_code_is_reported_somewhere() {
        let mut sources = String::new();
        let mut stack = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).expect("read src").flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("code.rs") {
                    sources.push_str(&std::fs::read_to_string(&p).expect("read a source file"));
                }
            }
        }
        let unused: Vec<&str> = Code::ALL
            .iter()
            .filter(|c| !sources.contains(&format!("Code::{:?}", c)))
            .map(|c| c.as_str())
            .collect();
        assert!(unused.is_empty(), "codes no source reports: {unused:?}");
    }

    /// The README's table is generated from this list. `GRAPHDOC_BLESS=1` rewrites it.
    #[test]
    fn the_readme_table_is_generated_from_the_list() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
        let readme = std::fs::read_to_string(&path).expect("read README.md");
        let (start, end) = (
            "<!-- codes: generated from diag::Code -->\n",
            "<!-- codes end -->",
        );
        let from = readme
            .find(start)
            .expect("README has the codes start marker")
            + start.len();
        let to = from
            + readme[from..]
                .find(end)
                .expect("README has the codes end marker");
        let want = super::readme_table();
        if readme[from..to] == want {
            return;
        }
        if std::env::var_os("GRAPHDOC_BLESS").is_some() {
            let updated = format!("{}{}{}", &readme[..from], want, &readme[to..]);
            std::fs::write(&path, updated).expect("write README.md");
            return;
        }
        let have: Vec<&str> = readme[from..to].lines().collect();
        let diff: Vec<String> = want
            .lines()
            .filter(|l| !have.contains(l))
            .map(|l| format!("+ {l}"))
            .chain(
                have.iter()
                    .filter(|l| !want.lines().any(|w| w == **l))
                    .map(|l| format!("- {l}")),
            )
            .collect();
        panic!(
            "the README's code table is out of date (rerun with GRAPHDOC_BLESS=1):\n{}",
            diff.join("\n")
        );
    }
}
