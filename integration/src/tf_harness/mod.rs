//! The provider-testing harness: every `.tf` file of a tree held to the AWS provider's schema
//! (committed, see [`crate::provider_schema`]) with no provider and no network. It reports what
//! `terraform validate` would: unknown types, arguments and blocks at every depth (`dynamic`
//! content included), arguments written as blocks and the reverse, blocks given more often than
//! allowed, missing required arguments and blocks, references to attributes, resources, variables,
//! locals and module outputs that do not exist or lack the instance key `count`/`for_each` needs,
//! `lifecycle.ignore_changes` names, module calls and `moved` blocks.

mod blocks;
mod modules;
mod project;
mod references;

use std::fmt;
use std::path::Path;

pub use project::{LoadError, Project};

use crate::provider_schema::{Mode, ProviderSchema};
use references::Context;

/// One mistake, where it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// How much was checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub files: usize,
    /// `resource` and `data` blocks held to their type's schema.
    pub typed_blocks: usize,
    /// Every block held to a schema: the above, their nested and `dynamic` blocks, `lifecycle`,
    /// module calls and `moved` blocks.
    pub blocks: usize,
    pub arguments: usize,
    /// References resolved: resources, data sources, variables, locals, module outputs, and
    /// addresses in `depends_on`, `ignore_changes` and `moved`.
    pub references: usize,
    /// Blocks whose content the schema does not describe (see `BlockType::untyped`).
    pub untyped_blocks: usize,
}

#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub stats: Stats,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.stats;
        writeln!(
            f,
            "{} files: {} resource and data blocks, {} blocks in all, {} arguments, {} references checked; {} blocks of untyped content skipped; {} findings",
            s.files,
            s.typed_blocks,
            s.blocks,
            s.arguments,
            s.references,
            s.untyped_blocks,
            self.findings.len()
        )?;
        for finding in &self.findings {
            writeln!(f, "  {finding}")?;
        }
        Ok(())
    }
}

/// Checks every file of `project` against `schema`.
pub fn check(project: &Project, schema: &ProviderSchema) -> Report {
    let mut checker = Checker {
        project,
        schema,
        report: Report::default(),
    };
    checker.run();
    checker.report.findings.sort();
    checker.report.findings.dedup();
    checker.report
}

/// Checks every `.tf` file under `dir` against `schema`.
pub fn check_dir(dir: &Path, schema: &ProviderSchema) -> Result<Report, LoadError> {
    Ok(check(&Project::load(dir)?, schema))
}

struct Checker<'a> {
    project: &'a Project,
    schema: &'a ProviderSchema,
    report: Report,
}

impl Checker<'_> {
    fn run(&mut self) {
        self.report.findings.extend(self.project.parse_findings());
        self.report.stats.files = self.project.files().len();
        for module in self.project.modules() {
            for file in module.files(self.project) {
                self.check_file(module, file);
            }
        }
    }

    /// Every top-level block of a file: its own checks, then the references in it.
    fn check_file(&mut self, module: &project::Module, file: &project::SourceFile) {
        for block in file.body.blocks() {
            let body = &block.body;
            match block.ident.as_str() {
                ident @ ("resource" | "data") => {
                    let mode = if ident == "data" {
                        Mode::Data
                    } else {
                        Mode::Managed
                    };
                    self.check_typed_block(file, block, mode);
                    let schema = match block.labels.first() {
                        Some(kind) => self.schema.type_schema(mode, kind.as_str()),
                        None => None,
                    };
                    let context = Context::declaration(project::Expansion::of(body), schema);
                    self.walk_body(file, module, body, context);
                }
                "module" => {
                    self.check_module_call(file, module, block);
                    let context = Context::declaration(project::Expansion::of(body), None);
                    for attribute in body.attributes() {
                        if !["source", "version", "providers"].contains(&attribute.key.as_str()) {
                            self.walk_expr(file, module, &attribute.value, context);
                        }
                    }
                }
                "moved" => self.check_moved(file, module, block),
                "variable" => {
                    // `type` is a type expression (`list(string)`), not a value.
                    for attribute in body.attributes().filter(|a| a.key.as_str() != "type") {
                        self.walk_expr(file, module, &attribute.value, Context::plain());
                    }
                    for nested in body.blocks() {
                        self.walk_body(file, module, &nested.body, Context::plain());
                    }
                }
                "locals" | "output" | "provider" | "check" => {
                    self.walk_body(file, module, body, Context::plain());
                }
                "terraform" => {}
                other => self.finding(
                    file,
                    file.line_of(block),
                    format!("unknown top-level block `{other}`"),
                ),
            }
        }
    }

    fn finding(&mut self, file: &project::SourceFile, line: usize, message: impl Into<String>) {
        self.report.findings.push(Finding {
            file: file.path.clone(),
            line,
            message: message.into(),
        });
    }
}

/// The closest of `candidates` to `name`, if close enough to be a likely typo.
fn closest<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(name, c), c))
        .filter(|(distance, c)| *distance <= (name.len().max(c.len()) / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

/// "did you mean `x`? " or nothing.
fn did_you_mean<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> String {
    closest(name, candidates)
        .map(|c| format!("did you mean `{c}`? "))
        .unwrap_or_default()
}

/// `a, b, c` (or "none").
fn listing<'c>(names: impl IntoIterator<Item = &'c str>) -> String {
    let names: Vec<&str> = names.into_iter().collect();
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}
