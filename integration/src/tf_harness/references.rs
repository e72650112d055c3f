//! References in expressions: `aws_x.name.attr`, `data.aws_x.name.attr[0].sub`, `var.x`,
//! `local.x`, `module.call.output`, `count.index`, `each.value`, `self.attr`, resolved against what
//! the module declares and the provider's schema.

use hcl::edit::expr::{Expression, ForExpr, Traversal, TraversalOperator};
use hcl::edit::structure::{Attribute, Block, Body};
use hcl::edit::template::ForTemplateExpr;
use hcl::edit::visit::{self, Visit};
use hcl::edit::{Decorated, Span};

use super::project::{Expansion, Module, SourceFile};
use super::{closest, did_you_mean, Checker};
use crate::provider_schema::{BlockSchema, BlockType, Cty, Mode, Nesting};

/// What a walk may refer to besides the module's declarations.
#[derive(Debug, Clone, Copy)]
pub(super) struct Context<'s> {
    /// `count.index` is valid (the enclosing resource or module call has `count`).
    pub count: bool,
    /// `each.key` / `each.value` are valid (it has `for_each`).
    pub each: bool,
    /// The schema `self` refers to, inside a resource or data source.
    pub self_schema: Option<&'s BlockSchema>,
    /// Inside a resource, data source or module call: `provider`, `providers` and
    /// `lifecycle.ignore_changes` hold addresses, not expressions.
    pub in_declaration: bool,
}

impl<'s> Context<'s> {
    pub fn plain() -> Context<'s> {
        Context {
            count: false,
            each: false,
            self_schema: None,
            in_declaration: false,
        }
    }

    pub fn declaration(expansion: Expansion, self_schema: Option<&'s BlockSchema>) -> Context<'s> {
        Context {
            count: expansion == Expansion::Count,
            each: expansion == Expansion::ForEach,
            self_schema,
            in_declaration: true,
        }
    }
}

/// One step of a traversal after its root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step<'t> {
    Attr(&'t str),
    Index,
    Splat,
}

fn steps(operators: &[Decorated<TraversalOperator>]) -> Vec<Step<'_>> {
    operators
        .iter()
        .map(|op| match &**op {
            TraversalOperator::GetAttr(name) => Step::Attr(name.as_str()),
            TraversalOperator::Index(_) | TraversalOperator::LegacyIndex(_) => Step::Index,
            TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => Step::Splat,
        })
        .collect()
}

impl Checker<'_> {
    pub(super) fn walk_body(
        &mut self,
        file: &SourceFile,
        module: &Module,
        body: &Body,
        context: Context<'_>,
    ) {
        let mut walker = Walker {
            checker: self,
            file,
            module,
            context,
            names: Vec::new(),
        };
        walker.visit_body(body);
    }

    pub(super) fn walk_expr(
        &mut self,
        file: &SourceFile,
        module: &Module,
        expr: &Expression,
        context: Context<'_>,
    ) {
        let mut walker = Walker {
            checker: self,
            file,
            module,
            context,
            names: Vec::new(),
        };
        walker.visit_expr(expr);
    }
}

struct Walker<'w, 'a, 's> {
    checker: &'w mut Checker<'a>,
    file: &'w SourceFile,
    module: &'w Module,
    context: Context<'s>,
    /// Names bound by `for` expressions and `dynamic` iterators around the current expression.
    names: Vec<String>,
}

impl Visit for Walker<'_, '_, '_> {
    fn visit_expr(&mut self, expr: &Expression) {
        match expr {
            Expression::Variable(name) => {
                let line = self.file.line(name.span());
                self.reference(name.as_str(), &[], line);
            }
            other => visit::visit_expr(self, other),
        }
    }

    fn visit_traversal(&mut self, traversal: &Traversal) {
        let Expression::Variable(root) = &traversal.expr else {
            return visit::visit_traversal(self, traversal);
        };
        let line = self.file.line(traversal.span());
        self.reference(root.as_str(), &steps(&traversal.operators), line);
        for op in &traversal.operators {
            if let TraversalOperator::Index(index) = &**op {
                self.visit_expr(index);
            }
        }
    }

    fn visit_for_expr(&mut self, for_expr: &ForExpr) {
        self.visit_expr(&for_expr.intro.collection_expr);
        let bound = self.names.len();
        self.names
            .extend(for_expr.intro.key_var.iter().map(|k| k.to_string()));
        self.names.push(for_expr.intro.value_var.to_string());
        if let Some(key) = &for_expr.key_expr {
            self.visit_expr(key);
        }
        self.visit_expr(&for_expr.value_expr);
        if let Some(cond) = &for_expr.cond {
            self.visit_expr(&cond.expr);
        }
        self.names.truncate(bound);
    }

    fn visit_for_template_expr(&mut self, for_expr: &ForTemplateExpr) {
        self.visit_expr(&for_expr.collection_expr);
        let bound = self.names.len();
        self.names
            .extend(for_expr.key_var.iter().map(|k| k.to_string()));
        self.names.push(for_expr.value_var.to_string());
        self.visit_template(&for_expr.template);
        self.names.truncate(bound);
    }

    fn visit_attr(&mut self, attribute: &Attribute) {
        let key = attribute.key.as_str();
        if self.context.in_declaration && ["provider", "providers"].contains(&key) {
            return;
        }
        visit::visit_attr(self, attribute);
    }

    fn visit_block(&mut self, block: &Block) {
        match block.ident.as_str() {
            "dynamic" if self.context.in_declaration => {
                let iterator = match block.body.get_attribute("iterator").map(|a| &a.value) {
                    Some(Expression::Variable(name)) => Some(name.to_string()),
                    _ => block.labels.first().map(|l| l.as_str().to_owned()),
                };
                if let Some(for_each) = block.body.get_attribute("for_each") {
                    self.visit_expr(&for_each.value);
                }
                let bound = self.names.len();
                self.names.extend(iterator);
                if let Some(labels) = block.body.get_attribute("labels") {
                    self.visit_expr(&labels.value);
                }
                for content in block.body.blocks() {
                    self.visit_body(&content.body);
                }
                self.names.truncate(bound);
            }
            "lifecycle" if self.context.in_declaration => {
                // ignore_changes names the type's own attributes: see blocks.rs.
                for attribute in block.body.attributes() {
                    if attribute.key.as_str() != "ignore_changes" {
                        self.visit_attr(attribute);
                    }
                }
                for condition in block.body.blocks() {
                    self.visit_body(&condition.body);
                }
            }
            _ => visit::visit_block(self, block),
        }
    }
}

impl Walker<'_, '_, '_> {
    fn finding(&mut self, line: usize, message: String) {
        self.checker.finding(self.file, line, message);
    }

    fn reference(&mut self, root: &str, steps: &[Step<'_>], line: usize) {
        if self.names.iter().any(|n| n == root) {
            return;
        }
        self.checker.report.stats.references += 1;
        let first = match steps.first() {
            Some(Step::Attr(name)) => Some(*name),
            _ => None,
        };
        let module = self.module;
        match (root, first) {
            ("var", Some(name)) => {
                if !module.variables.contains_key(name) {
                    let hint = did_you_mean(name, module.variables.keys().map(String::as_str));
                    self.finding(
                        line,
                        format!(
                            "`var.{name}` is not declared in {}: {hint}its variables are declared in variables.tf",
                            module.display_dir()
                        ),
                    );
                }
            }
            ("local", Some(name)) => {
                if !module.locals.contains(name) {
                    let hint = did_you_mean(name, module.locals.iter().map(String::as_str));
                    self.finding(
                        line,
                        format!(
                            "`local.{name}` is not defined in {}: {hint}",
                            module.display_dir()
                        )
                        .trim_end_matches([':', ' '])
                        .to_owned(),
                    );
                }
            }
            ("module", Some(call)) => self.module_output(call, &steps[1..], line),
            ("data", Some(kind)) => match steps.get(1) {
                Some(Step::Attr(name)) => {
                    self.instance(Mode::Data, kind, name, &steps[2..], line);
                }
                _ => self.finding(
                    line,
                    format!("`data.{kind}` must be followed by a data source name"),
                ),
            },
            ("count", _) => {
                if !self.context.count {
                    self.finding(
                        line,
                        "`count` is used where there is no `count` argument".to_owned(),
                    );
                } else if first != Some("index") {
                    self.finding(line, "`count` has one attribute: `index`".to_owned());
                }
            }
            ("each", _) => {
                if !self.context.each {
                    self.finding(
                        line,
                        "`each` is used where there is no `for_each` argument".to_owned(),
                    );
                } else if !matches!(first, Some("key" | "value")) {
                    self.finding(line, "`each` has two attributes: `key` and `value`".to_owned());
                }
            }
            ("path", _) => {
                if !matches!(first, Some("module" | "root" | "cwd")) {
                    self.finding(
                        line,
                        "`path` has three attributes: module, root and cwd".to_owned(),
                    );
                }
            }
            ("terraform", _) => {
                if first != Some("workspace") {
                    self.finding(
                        line,
                        "`terraform` has one attribute here: `workspace`".to_owned(),
                    );
                }
            }
            ("self", _) => {
                if let Some(schema) = self.context.self_schema {
                    let problem = walk_path(schema, steps, "self");
                    if let Some(problem) = problem {
                        self.finding(line, problem);
                    }
                }
            }
            (kind, Some(name)) => self.instance(Mode::Managed, kind, name, &steps[1..], line),
            (kind, None) => self.finding(
                line,
                format!("`{kind}` is not a valid reference here: not a variable, local, resource, data source or module output, nor a name bound by a for expression or dynamic block"),
            ),
        }
    }

    /// `type.name` (or `data.type.name`) followed by `rest`.
    fn instance(&mut self, mode: Mode, kind: &str, name: &str, rest: &[Step<'_>], line: usize) {
        let prefix = if mode == Mode::Data { "data." } else { "" };
        let address = format!("{prefix}{kind}.{name}");
        let module = self.module;
        let Some(declaration) = module
            .resources
            .get(&(mode, kind.to_owned(), name.to_owned()))
        else {
            let same_type: Vec<&str> = module
                .resources
                .keys()
                .filter(|(m, k, _)| *m == mode && k == kind)
                .map(|(_, _, n)| n.as_str())
                .collect();
            let declared = if same_type.is_empty() {
                format!("no {} of type {kind} is declared there", mode.noun())
            } else {
                format!(
                    "{}{kind} there: {}",
                    did_you_mean(name, same_type.iter().copied()),
                    same_type.join(", ")
                )
            };
            self.finding(
                line,
                format!(
                    "reference to `{address}`, which {} does not declare; {declared}",
                    module.display_dir()
                ),
            );
            return;
        };
        let after_key = match (declaration.expansion, rest.first()) {
            (_, None) => return,
            (Expansion::Single, Some(Step::Index)) => {
                self.finding(
                    line,
                    format!("`{address}` has neither count nor for_each: a reference to it takes no instance key"),
                );
                return;
            }
            (Expansion::Single, _) => rest,
            (Expansion::Count, Some(Step::Attr(attr))) => {
                self.finding(
                    line,
                    format!("`{address}` has count: name the instance, `{address}[count.index].{attr}` or `{address}[0].{attr}` (or all of them, `{address}[*].{attr}`)"),
                );
                return;
            }
            (Expansion::ForEach, Some(Step::Attr(attr))) => {
                self.finding(
                    line,
                    format!("`{address}` has for_each: name the instance, `{address}[each.key].{attr}` or `{address}[\"key\"].{attr}`"),
                );
                return;
            }
            (Expansion::ForEach, Some(Step::Splat)) => {
                self.finding(
                    line,
                    format!("`{address}` has for_each: its instances are a map, which `[*]` does not splat; use `values({address})`"),
                );
                return;
            }
            (_, Some(_)) => &rest[1..],
        };
        if let Some(schema) = self.checker.schema.type_schema(mode, kind) {
            if let Some(problem) = walk_path(schema, after_key, &address) {
                self.finding(line, problem);
            }
        }
    }

    fn module_output(&mut self, call: &str, rest: &[Step<'_>], line: usize) {
        let module = self.module;
        let Some(declared) = module.calls.get(call) else {
            let hint = did_you_mean(call, module.calls.keys().map(String::as_str));
            self.finding(
                line,
                format!(
                    "reference to `module.{call}`, which {} does not call: {hint}",
                    module.display_dir()
                )
                .trim_end_matches([':', ' '])
                .to_owned(),
            );
            return;
        };
        let output = match (declared.expansion, rest) {
            (_, []) => return,
            (Expansion::Single, [Step::Attr(output), ..]) => *output,
            (Expansion::Single, _) => {
                self.finding(
                    line,
                    format!("`module.{call}` has neither count nor for_each: a reference to it takes no instance key"),
                );
                return;
            }
            (_, [Step::Attr(output), ..]) => {
                self.finding(
                    line,
                    format!("`module.{call}` has count or for_each: name the instance, `module.{call}[0].{output}`"),
                );
                return;
            }
            (_, [_, Step::Attr(output), ..]) => *output,
            (_, _) => return,
        };
        let Some(callee) = declared
            .dir
            .as_deref()
            .and_then(|dir| self.checker.project.module(dir))
        else {
            return;
        };
        if !callee.outputs.contains(output) {
            let hint = did_you_mean(output, callee.outputs.iter().map(String::as_str));
            self.finding(
                line,
                format!(
                    "`module.{call}.{output}` is not an output of {}: {hint}its outputs: {}",
                    callee.display_dir(),
                    callee
                        .outputs
                        .iter()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
}

/// Where a value stands while a reference is followed into it.
enum Shape<'s> {
    Object(&'s BlockSchema),
    Blocks(&'s str, &'s BlockType),
    Value(Cty),
    Unknown,
}

/// Follows `steps` into an instance of `schema`; the first step that does not exist, as a message.
fn walk_path(schema: &BlockSchema, steps: &[Step<'_>], address: &str) -> Option<String> {
    let mut shape = Shape::Object(schema);
    let mut path = address.to_owned();
    for step in steps {
        shape = match (shape, *step) {
            (Shape::Unknown, _) => return None,
            (Shape::Object(block), Step::Attr(name)) => {
                if let Some(attribute) = block.attributes.get(name) {
                    Shape::Value(attribute.cty())
                } else if let Some((key, block_type)) = block.block_types.get_key_value(name) {
                    match block_type.nesting_mode {
                        _ if block_type.untyped => Shape::Unknown,
                        Nesting::Single | Nesting::Group => Shape::Object(&block_type.block),
                        _ => Shape::Blocks(key.as_str(), block_type),
                    }
                } else {
                    let names = block.attributes.keys().chain(block.block_types.keys());
                    let hint = closest(name, names.map(String::as_str))
                        .map(|c| format!(": did you mean `{c}`?"))
                        .unwrap_or_else(|| {
                            format!(
                                "; it has: {}",
                                block
                                    .attributes
                                    .keys()
                                    .chain(block.block_types.keys())
                                    .map(String::as_str)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        });
                    return Some(format!("`{path}` has no attribute `{name}`{hint}"));
                }
            }
            (Shape::Object(block), Step::Splat) => Shape::Object(block),
            (Shape::Object(_), Step::Index) => Shape::Unknown,
            (Shape::Blocks(name, block_type), Step::Index) => {
                if block_type.nesting_mode == Nesting::Set {
                    return Some(format!("`{path}` is a set of `{name}` blocks, which has no index: use a for expression or `[*]`"));
                }
                Shape::Object(&block_type.block)
            }
            (Shape::Blocks(_, block_type), Step::Splat) => Shape::Object(&block_type.block),
            (Shape::Blocks(name, _), Step::Attr(attr)) => {
                return Some(format!(
                    "`{path}` is a list of `{name}` blocks: write `{path}[0].{attr}` or `{path}[*].{attr}`"
                ));
            }
            (Shape::Value(value), step) => match (value, step) {
                (Cty::Dynamic, _) => Shape::Unknown,
                (Cty::Primitive(kind), Step::Attr(attr)) => {
                    return Some(format!(
                        "`{path}` is a {kind}: it has no attribute `{attr}`"
                    ));
                }
                (Cty::Primitive(kind), _) => {
                    return Some(format!("`{path}` is a {kind}: it has no elements"));
                }
                (Cty::Set(_), Step::Index) => {
                    return Some(format!(
                        "`{path}` is a set, which has no index: use `tolist(...)` or a for expression"
                    ));
                }
                (Cty::List(inner) | Cty::Set(inner), Step::Index | Step::Splat) => {
                    Shape::Value(*inner)
                }
                (Cty::List(_) | Cty::Set(_), Step::Attr(attr)) => {
                    return Some(format!(
                        "`{path}` is a list: write `{path}[0].{attr}` or `{path}[*].{attr}`"
                    ));
                }
                (Cty::Map(inner), Step::Index | Step::Attr(_)) => Shape::Value(*inner),
                (Cty::Map(_), Step::Splat) => Shape::Unknown,
                (Cty::Object(fields), Step::Attr(attr)) => match fields.get(attr) {
                    Some(field) => Shape::Value(field.clone()),
                    None => {
                        let hint = did_you_mean(attr, fields.keys().map(String::as_str));
                        return Some(
                            format!("`{path}` has no attribute `{attr}`: {hint}")
                                .trim_end_matches([':', ' '])
                                .to_owned(),
                        );
                    }
                },
                (Cty::Object(_), _) => Shape::Unknown,
            },
        };
        match step {
            Step::Attr(name) => {
                path.push('.');
                path.push_str(name);
            }
            Step::Index => path.push_str("[i]"),
            Step::Splat => path.push_str("[*]"),
        }
    }
    None
}
