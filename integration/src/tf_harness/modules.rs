//! Module calls (arguments are the callee's variables, required ones set) and `moved` blocks
//! (the new address exists, the old one does not).

use hcl::edit::expr::{Expression, TraversalOperator};
use hcl::edit::structure::Block;
use hcl::edit::Span;

use super::project::{Expansion, Module, SourceFile};
use super::{did_you_mean, Checker};
use crate::provider_schema::Mode;

/// Arguments of a module call that Terraform handles itself.
const CALL_META: [&str; 6] = [
    "source",
    "version",
    "providers",
    "depends_on",
    "count",
    "for_each",
];

impl Checker<'_> {
    pub(super) fn check_module_call(&mut self, file: &SourceFile, module: &Module, block: &Block) {
        let line = file.line_of(block);
        let Some(name) = block.labels.first().map(|l| l.as_str()) else {
            self.finding(file, line, "a module block takes one label: its name");
            return;
        };
        self.report.stats.blocks += 1;
        let Some(call) = module.calls.get(name) else {
            return;
        };
        let Some(dir) = call.dir.as_deref() else {
            return; // A registry or remote module: its variables are not here.
        };
        let Some(callee) = self.project.module(dir) else {
            self.finding(
                file,
                line,
                format!(
                    "module.{name}: its source {} holds no .tf file",
                    dir.display()
                ),
            );
            return;
        };
        for nested in block.body.blocks() {
            self.finding(
                file,
                file.line_of(nested),
                format!(
                    "module.{name} takes arguments only, not a `{}` block",
                    nested.ident.as_str()
                ),
            );
        }
        for attribute in block.body.attributes() {
            let key = attribute.key.as_str();
            self.report.stats.arguments += 1;
            if CALL_META.contains(&key) || callee.variables.contains_key(key) {
                continue;
            }
            let hint = did_you_mean(key, callee.variables.keys().map(String::as_str));
            self.finding(
                file,
                file.line_of(attribute),
                format!(
                    "module.{name} passes `{key}`, which is not a variable of {}: {hint}its variables: {}",
                    callee.display_dir(),
                    callee.variables.keys().map(String::as_str).collect::<Vec<_>>().join(", ")
                ),
            );
        }
        for (variable, required) in &callee.variables {
            if *required && !block.body.has_attribute(variable) {
                self.finding(
                    file,
                    line,
                    format!(
                        "module.{name} misses `{variable}`, a required variable of {} (it has no default)",
                        callee.display_dir()
                    ),
                );
            }
        }
    }

    /// `moved { from = <old address>  to = <new address> }`: Terraform refuses a `from` that is
    /// still declared, and a `to` that is not would plan a destroy.
    pub(super) fn check_moved(&mut self, file: &SourceFile, module: &Module, block: &Block) {
        self.report.stats.blocks += 1;
        let line = file.line_of(block);
        let address = |key: &str| {
            block
                .body
                .get_attribute(key)
                .map(|a| (address_parts(&a.value), file.line(a.value.span())))
        };
        let (Some((Some(from), from_line)), Some((Some(to), to_line))) =
            (address("from"), address("to"))
        else {
            self.finding(
                file,
                line,
                "a moved block needs `from` and `to`, each a resource or module address",
            );
            return;
        };
        self.report.stats.references += 2;
        match self.resolve(module, &to.parts) {
            Resolved::Declared(expansion) if to.keyed && expansion == Expansion::Single => self
                .finding(
                    file,
                    to_line,
                    format!(
                        "moved: `to = {}` has an instance key, but the resource has neither count nor for_each",
                        to.parts.join(".")
                    ),
                ),
            Resolved::Declared(_) | Resolved::Unknown => {}
            Resolved::Missing(why) => self.finding(
                file,
                to_line,
                format!("moved: `to = {}` {why}", to.parts.join(".")),
            ),
        }
        // The old address still names an instance when its keyed-ness matches the declaration
        // (`aws_x.y` -> `aws_x.y[0]` is the move of a resource that gained `count`).
        if let Resolved::Declared(expansion) = self.resolve(module, &from.parts) {
            if from.keyed == (expansion != Expansion::Single) {
                self.finding(
                    file,
                    from_line,
                    format!(
                        "moved: `from = {}` is still declared; Terraform refuses to move an object that still exists",
                        from.parts.join(".")
                    ),
                );
            }
        }
        let (from, to) = (from.parts, to.parts);
        if resource_type(&from) != resource_type(&to) {
            self.finding(
                file,
                line,
                format!(
                    "moved: `{}` and `{}` are not of the same resource type",
                    from.join("."),
                    to.join(".")
                ),
            );
        }
    }

    /// Whether an address (`type.name`, `module.a.type.name`, `module.a`) is declared.
    fn resolve(&self, module: &Module, parts: &[String]) -> Resolved {
        match parts {
            [m, call, rest @ ..] if m == "module" => {
                let Some(declared) = module.calls.get(call) else {
                    return Resolved::Missing(format!("names module.{call}, which is not called"));
                };
                if rest.is_empty() {
                    return Resolved::Declared(declared.expansion);
                }
                match declared.dir.as_deref().and_then(|d| self.project.module(d)) {
                    Some(callee) => self.resolve(callee, rest),
                    None => Resolved::Unknown,
                }
            }
            [data, kind, name] if data == "data" => declared(module, Mode::Data, kind, name),
            [kind, name] => declared(module, Mode::Managed, kind, name),
            _ => Resolved::Unknown,
        }
    }
}

enum Resolved {
    Declared(Expansion),
    Missing(String),
    Unknown,
}

fn declared(module: &Module, mode: Mode, kind: &str, name: &str) -> Resolved {
    if let Some(declaration) = module
        .resources
        .get(&(mode, kind.to_owned(), name.to_owned()))
    {
        Resolved::Declared(declaration.expansion)
    } else {
        Resolved::Missing(format!("is not declared in {}", module.display_dir()))
    }
}

/// The resource type an address ends with (`None` for a module call).
fn resource_type(mut parts: &[String]) -> Option<String> {
    while let [m, _, rest @ ..] = parts {
        if m != "module" {
            break;
        }
        parts = rest;
    }
    match parts {
        [data, kind, _] if data == "data" => Some(format!("data.{kind}")),
        [kind, _] => Some(kind.clone()),
        _ => None,
    }
}

/// A `moved` address: `module.a.aws_x.y[0]` -> parts ["module", "a", "aws_x", "y"], keyed.
struct Address {
    parts: Vec<String>,
    /// An instance key follows the last name.
    keyed: bool,
}

fn address_parts(expr: &Expression) -> Option<Address> {
    let Expression::Traversal(traversal) = expr else {
        return None;
    };
    let Expression::Variable(root) = &traversal.expr else {
        return None;
    };
    let mut address = Address {
        parts: vec![root.to_string()],
        keyed: false,
    };
    for op in &traversal.operators {
        match &**op {
            TraversalOperator::GetAttr(name) => {
                address.parts.push(name.to_string());
                address.keyed = false;
            }
            _ => address.keyed = true,
        }
    }
    Some(address)
}
