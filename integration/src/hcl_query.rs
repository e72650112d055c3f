//! Small queries over parsed HCL expressions (objects inside `jsonencode(...)`, lists of
//! strings), for the contract tests.

use hcl::{Expression, ObjectKey};

/// The key of an object entry as text.
pub fn key_str(key: &ObjectKey) -> Option<&str> {
    match key {
        ObjectKey::Identifier(identifier) => Some(identifier.as_str()),
        ObjectKey::Expression(Expression::String(s)) => Some(s.as_str()),
        _ => None,
    }
}

/// Every value stored under `key` in any object anywhere inside `expr`.
pub fn find_key<'a>(expr: &'a Expression, key: &str) -> Vec<&'a Expression> {
    let mut found = Vec::new();
    walk(expr, &mut |e| {
        if let Expression::Object(object) = e {
            for (k, v) in object.iter() {
                if key_str(k) == Some(key) {
                    found.push(v);
                }
            }
        }
    });
    found
}

/// Calls `visit` on `expr` and every expression nested in it.
pub fn walk<'a>(expr: &'a Expression, visit: &mut impl FnMut(&'a Expression)) {
    visit(expr);
    match expr {
        Expression::Array(items) => items.iter().for_each(|e| walk(e, visit)),
        Expression::Object(object) => object.values().for_each(|e| walk(e, visit)),
        Expression::FuncCall(call) => call.args.iter().for_each(|e| walk(e, visit)),
        Expression::Parenthesis(inner) => walk(inner, visit),
        Expression::Conditional(cond) => {
            walk(&cond.true_expr, visit);
            walk(&cond.false_expr, visit);
        }
        Expression::Operation(operation) => match operation.as_ref() {
            hcl::expr::Operation::Unary(op) => walk(&op.expr, visit),
            hcl::expr::Operation::Binary(op) => {
                walk(&op.lhs_expr, visit);
                walk(&op.rhs_expr, visit);
            }
        },
        Expression::ForExpr(for_expr) => {
            walk(&for_expr.collection_expr, visit);
            walk(&for_expr.value_expr, visit);
        }
        _ => {}
    }
}

/// The string literals of an array expression (other items are skipped).
pub fn strings(expr: &Expression) -> Vec<String> {
    match expr {
        Expression::Array(items) => items
            .iter()
            .filter_map(|e| match e {
                Expression::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        Expression::String(s) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// An object's keys.
pub fn object_keys(expr: &Expression) -> Vec<String> {
    match expr {
        Expression::Object(object) => object
            .keys()
            .filter_map(key_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}
