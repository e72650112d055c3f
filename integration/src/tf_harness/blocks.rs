//! `resource` and `data` blocks held to their type's schema, at every depth.

use std::collections::BTreeMap;

use hcl::edit::expr::{Expression, TraversalOperator};
use hcl::edit::structure::{Block, Body, Structure};

use super::project::SourceFile;
use super::{did_you_mean, listing, Checker};
use crate::provider_schema::{BlockSchema, Mode, REFRESH_COMMAND};

/// Arguments Terraform itself handles on `resource` and `data` blocks.
const META_ARGUMENTS: [&str; 4] = ["count", "for_each", "depends_on", "provider"];

/// Which meta-arguments and meta-blocks a body may hold besides its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meta {
    Resource,
    DataSource,
    Nested,
}

impl Checker<'_> {
    /// A `resource "type" "name"` or `data "type" "name"` block.
    pub(super) fn check_typed_block(&mut self, file: &SourceFile, block: &Block, mode: Mode) {
        let line = file.line_of(block);
        let [kind, name] = block.labels.as_slice() else {
            self.finding(
                file,
                line,
                format!(
                    "a {} block takes two labels: type and name",
                    block.ident.as_str()
                ),
            );
            return;
        };
        let (kind, name) = (kind.as_str(), name.as_str());
        let Some(schema) = self.schema.type_schema(mode, kind) else {
            let known = self.schema.types(mode).keys().map(String::as_str);
            let hint = did_you_mean(kind, known);
            self.finding(
                file,
                line,
                format!(
                    "unknown {} type `{kind}`: {hint}it is not in {} (hashicorp/aws {}); if the type is right, refresh the schema with `{REFRESH_COMMAND}`",
                    mode.noun(),
                    self.schema.file_name,
                    self.schema.version.as_deref().unwrap_or("?"),
                ),
            );
            return;
        };
        self.report.stats.typed_blocks += 1;
        let what = match mode {
            Mode::Managed => format!("{kind}.{name}"),
            Mode::Data => format!("data.{kind}.{name}"),
        };
        if block.body.has_attribute("count") && block.body.has_attribute("for_each") {
            self.finding(
                file,
                line,
                format!("{what} sets both `count` and `for_each`; Terraform allows one"),
            );
        }
        let meta = match mode {
            Mode::Managed => Meta::Resource,
            Mode::Data => Meta::DataSource,
        };
        self.check_body(file, &block.body, line, schema, &what, meta);
    }

    /// The arguments and blocks of `body` against `schema`; `what` names the place in messages.
    fn check_body(
        &mut self,
        file: &SourceFile,
        body: &Body,
        header_line: usize,
        schema: &BlockSchema,
        what: &str,
        meta: Meta,
    ) {
        self.report.stats.blocks += 1;
        // Block name -> lines where it is written (static), and whether a `dynamic` adds more.
        let mut written: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut dynamic: Vec<&str> = Vec::new();
        for structure in body.iter() {
            match structure {
                Structure::Attribute(attribute) => {
                    let key = attribute.key.as_str();
                    let line = file.line_of(attribute);
                    self.report.stats.arguments += 1;
                    if meta != Meta::Nested && META_ARGUMENTS.contains(&key) {
                        continue;
                    }
                    match (schema.attributes.get(key), schema.block_types.get(key)) {
                        (Some(a), _) if a.read_only() => self.finding(
                            file,
                            line,
                            format!("`{key}` in {what} is read-only: the provider computes it, a configuration cannot set it"),
                        ),
                        (Some(_), _) => {}
                        (None, Some(_)) => self.finding(
                            file,
                            line,
                            format!("`{key}` in {what} is a block: write `{key} {{ ... }}`, not `{key} = ...`"),
                        ),
                        (None, None) => self.unknown(file, line, "argument", key, schema, what),
                    }
                }
                Structure::Block(block) => {
                    let ident = block.ident.as_str();
                    let line = file.line_of(block);
                    if ident == "dynamic" {
                        if let Some(name) = self.check_dynamic(file, block, schema, what) {
                            dynamic.push(name);
                        }
                        continue;
                    }
                    match (meta, ident) {
                        (Meta::Resource | Meta::DataSource, "lifecycle") => {
                            self.check_lifecycle(file, block, schema, what, meta);
                            continue;
                        }
                        // Provisioners run commands; their arguments are not the provider's.
                        (Meta::Resource, "provisioner" | "connection") => continue,
                        _ => {}
                    }
                    match (schema.block_types.get(ident), schema.attributes.get(ident)) {
                        (Some(block_type), _) => {
                            written.entry(ident).or_default().push(line);
                            let inner = format!("{what}: {ident}");
                            if block_type.untyped {
                                self.report.stats.untyped_blocks += 1;
                            } else {
                                self.check_body(
                                    file,
                                    &block.body,
                                    line,
                                    &block_type.block,
                                    &inner,
                                    Meta::Nested,
                                );
                            }
                        }
                        (None, Some(_)) => self.finding(
                            file,
                            line,
                            format!("`{ident}` in {what} is an argument: write `{ident} = ...`, not `{ident} {{ ... }}`"),
                        ),
                        (None, None) => self.unknown(file, line, "block", ident, schema, what),
                    }
                }
            }
        }
        for (name, block_type) in &schema.block_types {
            let lines = written.get(name.as_str()).cloned().unwrap_or_default();
            if let Some(max) = block_type.max() {
                if let Some(extra) = lines.get(max as usize) {
                    self.finding(
                        file,
                        *extra,
                        format!(
                            "`{name}` is given {} times in {what}; the schema allows at most {max}",
                            lines.len()
                        ),
                    );
                }
            }
            if block_type.min_items > 0 && lines.is_empty() && !dynamic.contains(&name.as_str()) {
                self.finding(
                    file,
                    header_line,
                    format!("{what} misses the required block `{name}`"),
                );
            }
        }
        for (name, attribute) in &schema.attributes {
            if attribute.required && !body.has_attribute(name) {
                self.finding(
                    file,
                    header_line,
                    format!("{what} misses the required argument `{name}`"),
                );
            }
        }
    }

    fn unknown(
        &mut self,
        file: &SourceFile,
        line: usize,
        kind: &str,
        name: &str,
        schema: &BlockSchema,
        what: &str,
    ) {
        let arguments = schema
            .attributes
            .iter()
            .filter(|(_, a)| !a.read_only())
            .map(|(n, _)| n.as_str());
        let blocks = schema.block_types.keys().map(String::as_str);
        let hint = did_you_mean(name, arguments.clone().chain(blocks.clone()));
        self.finding(
            file,
            line,
            format!(
                "unknown {kind} `{name}` in {what}: {hint}the schema has arguments: {}; blocks: {}",
                listing(arguments),
                listing(blocks)
            ),
        );
    }

    /// `dynamic "name" { for_each = ..., iterator = ..., content { ... } }`: the generated block
    /// must exist and its content is checked like a written one. Returns the block's name.
    fn check_dynamic<'b>(
        &mut self,
        file: &SourceFile,
        block: &'b Block,
        schema: &BlockSchema,
        what: &str,
    ) -> Option<&'b str> {
        let line = file.line_of(block);
        let [label] = block.labels.as_slice() else {
            self.finding(
                file,
                line,
                format!("a dynamic block in {what} takes one label: the block it generates"),
            );
            return None;
        };
        let name = label.as_str();
        let Some(block_type) = schema.block_types.get(name) else {
            if schema.attributes.contains_key(name) {
                self.finding(
                    file,
                    line,
                    format!("`{name}` in {what} is an argument, not a block: `dynamic` cannot generate it"),
                );
            } else {
                self.unknown(file, line, "block", name, schema, what);
            }
            return None;
        };
        self.report.stats.blocks += 1;
        if !block.body.has_attribute("for_each") {
            self.finding(
                file,
                line,
                format!("dynamic \"{name}\" in {what} misses `for_each`"),
            );
        }
        for attribute in block.body.attributes() {
            let key = attribute.key.as_str();
            self.report.stats.arguments += 1;
            if !["for_each", "iterator", "labels"].contains(&key) {
                self.finding(
                    file,
                    file.line_of(attribute),
                    format!("unknown argument `{key}` in dynamic \"{name}\" of {what}: it takes for_each, iterator, labels and a content block"),
                );
            }
        }
        let contents: Vec<&Block> = block.body.blocks().collect();
        match contents.as_slice() {
            [content] if content.ident.as_str() == "content" => {
                if block_type.untyped {
                    self.report.stats.untyped_blocks += 1;
                } else {
                    let inner = format!("{what}: {name}");
                    let content_line = file.line_of(*content);
                    self.check_body(
                        file,
                        &content.body,
                        content_line,
                        &block_type.block,
                        &inner,
                        Meta::Nested,
                    );
                }
            }
            _ => self.finding(
                file,
                line,
                format!(
                    "dynamic \"{name}\" in {what} needs exactly one `content` block and no other"
                ),
            ),
        }
        Some(name)
    }

    fn check_lifecycle(
        &mut self,
        file: &SourceFile,
        block: &Block,
        schema: &BlockSchema,
        what: &str,
        meta: Meta,
    ) {
        self.report.stats.blocks += 1;
        let arguments: &[&str] = match meta {
            Meta::Resource => &[
                "create_before_destroy",
                "prevent_destroy",
                "ignore_changes",
                "replace_triggered_by",
            ],
            _ => &[],
        };
        for attribute in block.body.attributes() {
            let key = attribute.key.as_str();
            self.report.stats.arguments += 1;
            if !arguments.contains(&key) {
                self.finding(
                    file,
                    file.line_of(attribute),
                    format!(
                        "unknown argument `{key}` in the lifecycle of {what}: {}allowed: {}",
                        did_you_mean(key, arguments.iter().copied()),
                        listing(arguments.iter().copied())
                    ),
                );
            } else if key == "ignore_changes" {
                self.check_ignore_changes(file, &attribute.value, schema, what);
            }
        }
        for condition in block.body.blocks() {
            let ident = condition.ident.as_str();
            let line = file.line_of(condition);
            if !["precondition", "postcondition"].contains(&ident) {
                self.finding(
                    file,
                    line,
                    format!("unknown block `{ident}` in the lifecycle of {what}: allowed: precondition, postcondition"),
                );
                continue;
            }
            self.report.stats.blocks += 1;
            for required in ["condition", "error_message"] {
                if !condition.body.has_attribute(required) {
                    self.finding(
                        file,
                        line,
                        format!("{ident} in the lifecycle of {what} misses `{required}`"),
                    );
                }
            }
        }
    }

    /// `ignore_changes = all` or a list of attribute paths of the type itself.
    fn check_ignore_changes(
        &mut self,
        file: &SourceFile,
        value: &Expression,
        schema: &BlockSchema,
        what: &str,
    ) {
        let items: Vec<&Expression> = match value {
            Expression::Variable(v) if v.as_str() == "all" => return,
            Expression::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for item in items {
            self.report.stats.references += 1;
            let line = file.line(hcl::edit::Span::span(item));
            let (root, operators) = match item {
                Expression::Variable(v) => (v.as_str(), &[][..]),
                Expression::Traversal(t) => match &t.expr {
                    Expression::Variable(v) => (v.as_str(), t.operators.as_slice()),
                    _ => continue,
                },
                Expression::String(s) => (s.as_str(), &[][..]),
                _ => {
                    self.finding(
                        file,
                        line,
                        format!("ignore_changes of {what} takes attribute names, not expressions"),
                    );
                    continue;
                }
            };
            let mut current = schema;
            let mut name = root;
            let mut rest = operators.iter();
            loop {
                if current.attributes.contains_key(name) {
                    break;
                }
                let Some(block_type) = current.block_types.get(name) else {
                    let names = current.attributes.keys().chain(current.block_types.keys());
                    let hint = did_you_mean(name, names.map(String::as_str));
                    self.finding(
                        file,
                        line,
                        format!(
                            "ignore_changes of {what} names `{name}`, which the type does not have{}",
                            if hint.is_empty() { String::new() } else { format!(": {}", hint.trim_end()) }
                        ),
                    );
                    break;
                };
                // Into a nested block: `block[0].argument`.
                let next = rest.find_map(|op| match &**op {
                    TraversalOperator::GetAttr(attr) => Some(attr.as_str()),
                    _ => None,
                });
                match next {
                    Some(next) if !block_type.untyped => {
                        current = &block_type.block;
                        name = next;
                    }
                    _ => break,
                }
            }
        }
    }
}
