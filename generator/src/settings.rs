//! The one settings object every front end (CLI, build.rs builder, proc macros) fills in.

/// What to generate and how. Build one with [`Settings::default`] and the `with_*` methods, or
/// fill the public fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Types to generate, by qualified (`microsoft.graph.user`) or short (`user`) name, any
    /// casing. Everything they reference comes along. Empty means every type in the tree.
    pub resources: Vec<String>,
    /// The path emitted code uses to reach the runtime crate. `::graphdoc_generated` for user
    /// crates; `crate` for code checked into the runtime crate itself.
    pub runtime: String,
    /// A URL template for the published page of a type; `{page}` is replaced by the page's file
    /// stem (`identityapiconnector`). An API page (`api/x.md`) uses it with `/resources/{page}`
    /// read as `/{page}`, where Microsoft publishes them. `None` puts only the page's path in
    /// doc comments.
    pub doc_url: Option<String>,
    /// Front ends leave page warnings out of their output (the CLI's stderr, the builder's
    /// `cargo:warning`s); errors are always shown. `graphdoc lint` still lists everything.
    pub quiet: bool,
    /// Internal, for the decode bench only: structs as plain serde derives that skip unknown
    /// members, and no dispatch enums (`AnyX` is the base struct): the fastest the same fields
    /// can be read, the ceiling the emitted decoders are measured against.
    #[doc(hidden)]
    pub plain_decode: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            resources: Vec::new(),
            runtime: "::graphdoc_generated".to_string(),
            doc_url: None,
            quiet: false,
            plain_decode: false,
        }
    }
}

impl Settings {
    /// Adds a resource to generate.
    pub fn with_resource(mut self, name: impl Into<String>) -> Settings {
        self.resources.push(name.into());
        self
    }

    /// Sets the runtime crate path.
    pub fn with_runtime(mut self, path: impl Into<String>) -> Settings {
        self.runtime = path.into();
        self
    }

    /// Leaves page warnings out of the front ends' output (errors still show).
    pub fn with_quiet(mut self, quiet: bool) -> Settings {
        self.quiet = quiet;
        self
    }

    /// Sets the doc URL template.
    pub fn with_doc_url(mut self, template: impl Into<String>) -> Settings {
        self.doc_url = Some(template.into());
        self
    }

    /// The settings every front end starts from for a docs folder: defaults, with published
    /// doc links when the folder is `beta` or `v1.0`. Pass the folder as the user named it
    /// (canonicalize `.` first: the name is what counts).
    pub fn for_folder(root: &std::path::Path) -> Settings {
        let name = root.file_name().map(|f| f.to_string_lossy().into_owned());
        Settings {
            doc_url: name.as_deref().and_then(Settings::published_doc_url),
            ..Settings::default()
        }
    }

    /// The learn.microsoft.com template for a docs folder named `beta` or `v1.0`, the two
    /// versions Microsoft publishes; `None` for any other folder.
    pub fn published_doc_url(folder_name: &str) -> Option<String> {
        let view = match folder_name {
            "beta" => "graph-rest-beta",
            "v1.0" => "graph-rest-1.0",
            _ => return None,
        };
        Some(format!(
            "https://learn.microsoft.com/graph/api/resources/{{page}}?view={view}"
        ))
    }
}
