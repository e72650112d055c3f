//! The `.tf` files of a tree, parsed with positions (hcl-edit), grouped into modules (one per
//! directory) with what each module declares.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use hcl::edit::expr::Expression;
use hcl::edit::structure::{Block, Body};
use hcl::edit::Span;

use super::Finding;
use crate::provider_schema::Mode;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("reading {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// One parsed file.
#[derive(Debug)]
pub struct SourceFile {
    /// As shown in findings: relative to the directory loaded.
    pub path: String,
    pub dir: PathBuf,
    pub body: Body,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// The 1-based line of a byte span (line 1 when the parser kept no span).
    pub fn line(&self, span: Option<Range<usize>>) -> usize {
        let offset = span.map(|s| s.start).unwrap_or(0);
        self.line_starts.partition_point(|start| *start <= offset)
    }

    pub fn line_of(&self, node: &impl Span) -> usize {
        self.line(node.span())
    }
}

/// How many instances a resource, data source or module call has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expansion {
    Single,
    Count,
    ForEach,
}

impl Expansion {
    pub fn of(body: &Body) -> Expansion {
        if body.has_attribute("for_each") {
            Expansion::ForEach
        } else if body.has_attribute("count") {
            Expansion::Count
        } else {
            Expansion::Single
        }
    }
}

#[derive(Debug)]
pub struct Declaration {
    pub expansion: Expansion,
}

#[derive(Debug)]
pub struct ModuleCall {
    /// The called module's directory, when its source is a local path.
    pub dir: Option<PathBuf>,
    pub expansion: Expansion,
}

/// The `.tf` files of one directory and what they declare.
#[derive(Debug, Default)]
pub struct Module {
    pub dir: PathBuf,
    file_indexes: Vec<usize>,
    pub resources: BTreeMap<(Mode, String, String), Declaration>,
    /// Variable name -> required (no default).
    pub variables: BTreeMap<String, bool>,
    pub outputs: BTreeSet<String>,
    pub locals: BTreeSet<String>,
    pub calls: BTreeMap<String, ModuleCall>,
}

impl Module {
    pub fn files<'p>(&self, project: &'p Project) -> impl Iterator<Item = &'p SourceFile> + 'p {
        let indexes = self.file_indexes.clone();
        indexes.into_iter().map(move |i| &project.files[i])
    }

    pub fn display_dir(&self) -> String {
        self.dir.display().to_string()
    }
}

/// Every module of a tree.
#[derive(Debug, Default)]
pub struct Project {
    files: Vec<SourceFile>,
    modules: BTreeMap<PathBuf, Module>,
    parse_findings: Vec<Finding>,
}

impl Project {
    /// Every `.tf` file under `root` (paths in findings are relative to `root`'s parent, so that
    /// loading `<repo>/terraform` names `terraform/modules/...`).
    pub fn load(root: &Path) -> Result<Project, LoadError> {
        let base = root.parent().unwrap_or(root);
        let mut sources = Vec::new();
        let mut pending = vec![root.to_owned()];
        while let Some(dir) = pending.pop() {
            let entries = std::fs::read_dir(&dir).map_err(|source| LoadError::Read {
                path: dir.clone(),
                source,
            })?;
            for entry in entries {
                let path = entry
                    .map_err(|source| LoadError::Read {
                        path: dir.clone(),
                        source,
                    })?
                    .path();
                let hidden = path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                if path.is_dir() && !hidden {
                    pending.push(path);
                } else if path.extension().is_some_and(|e| e == "tf") {
                    let text =
                        std::fs::read_to_string(&path).map_err(|source| LoadError::Read {
                            path: path.clone(),
                            source,
                        })?;
                    let relative = path.strip_prefix(base).unwrap_or(&path).to_owned();
                    sources.push((relative, text));
                }
            }
        }
        Ok(Project::from_sources(sources))
    }

    /// Files given as (path, text), e.g. snippets in tests.
    pub fn from_sources(sources: impl IntoIterator<Item = (PathBuf, String)>) -> Project {
        let mut sources: Vec<(PathBuf, String)> = sources.into_iter().collect();
        sources.sort();
        let mut project = Project::default();
        for (path, text) in sources {
            let display = path.display().to_string();
            let dir = normalize(path.parent().unwrap_or(Path::new("")));
            let line_starts = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            match hcl::edit::parser::parse_body(&text) {
                Ok(body) => {
                    project.files.push(SourceFile {
                        path: display,
                        dir: dir.clone(),
                        body,
                        line_starts,
                    });
                    let index = project.files.len() - 1;
                    let module = project
                        .modules
                        .entry(dir.clone())
                        .or_insert_with(|| Module {
                            dir,
                            ..Module::default()
                        });
                    module.file_indexes.push(index);
                }
                Err(error) => project.parse_findings.push(Finding {
                    file: display,
                    line: error.location().line(),
                    message: format!("does not parse: {error}"),
                }),
            }
        }
        let declarations: Vec<(PathBuf, usize)> = project
            .modules
            .values()
            .flat_map(|m| m.file_indexes.iter().map(|i| (m.dir.clone(), *i)))
            .collect();
        for (dir, index) in declarations {
            let body = project.files[index].body.clone();
            if let Some(module) = project.modules.get_mut(&dir) {
                declare(module, &body);
            }
        }
        project
    }

    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    pub fn modules(&self) -> impl Iterator<Item = &Module> {
        self.modules.values()
    }

    pub fn module(&self, dir: &Path) -> Option<&Module> {
        self.modules.get(dir)
    }

    pub(super) fn parse_findings(&self) -> Vec<Finding> {
        self.parse_findings.clone()
    }
}

fn declare(module: &mut Module, body: &Body) {
    for block in body.blocks() {
        let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
        match (block.ident.as_str(), labels.as_slice()) {
            ("resource", [kind, name]) | ("data", [kind, name]) => {
                let mode = if block.ident.as_str() == "data" {
                    Mode::Data
                } else {
                    Mode::Managed
                };
                module.resources.insert(
                    (mode, (*kind).to_owned(), (*name).to_owned()),
                    Declaration {
                        expansion: Expansion::of(&block.body),
                    },
                );
            }
            ("variable", [name]) => {
                module
                    .variables
                    .insert((*name).to_owned(), !block.body.has_attribute("default"));
            }
            ("output", [name]) => {
                module.outputs.insert((*name).to_owned());
            }
            ("locals", []) => {
                module
                    .locals
                    .extend(block.body.attributes().map(|a| a.key.as_str().to_owned()));
            }
            ("module", [name]) => {
                let call = ModuleCall {
                    dir: local_source(&module.dir, block),
                    expansion: Expansion::of(&block.body),
                };
                module.calls.insert((*name).to_owned(), call);
            }
            _ => {}
        }
    }
}

/// The directory of a module call whose `source` is a local path (`./...` or `../...`).
fn local_source(dir: &Path, block: &Block) -> Option<PathBuf> {
    match block.body.get_attribute("source").map(|a| &a.value) {
        Some(Expression::String(source))
            if source.starts_with("./") || source.starts_with("../") =>
        {
            Some(normalize(&dir.join(source.as_str())))
        }
        _ => None,
    }
}

/// `a/b/../c` -> `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
