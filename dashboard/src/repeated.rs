//! A query parameter given more than once (`?status=failure&status=success`) is refused with a
//! 400 that names it. Left to Rocket, both values would be dropped without a word (an `Option`
//! field that fails to parse is `None`) and the view would quietly show every launch.

use std::collections::BTreeSet;
use std::convert::Infallible;

use rocket::request::{FromRequest, Outcome};
use rocket::Request;

use crate::errors::ParamError;

/// Every parameter a route reads (the filters, `sort`, `limit`, `offset`, history's
/// `observed_from`, `observed_to` and `field`); others are ignored.
const PARAMS: [&str; 11] = [
    "from",
    "to",
    "rocket",
    "site",
    "status",
    "sort",
    "limit",
    "offset",
    "observed_from",
    "observed_to",
    "field",
];

/// A request guard that never fails: the routes call [`SingleValued::check`] so that the error
/// is answered like any other bad parameter.
pub struct SingleValued(Option<&'static str>);

impl SingleValued {
    pub fn check(&self) -> Result<(), ParamError> {
        match self.0 {
            None => Ok(()),
            Some(param) => Err(ParamError::new(
                param,
                format!("`{param}` is given more than once; give it once"),
            )),
        }
    }
}

/// The first parameter of [`PARAMS`] that `query` repeats (names compared after decoding).
fn repeated<'a>(pairs: impl Iterator<Item = &'a str>) -> Option<&'static str> {
    let mut seen = BTreeSet::new();
    pairs
        .filter_map(|key| PARAMS.into_iter().find(|p| *p == key))
        .find(|param| !seen.insert(*param))
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for SingleValued {
    type Error = Infallible;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let found = request
            .uri()
            .query()
            .and_then(|query| repeated(query.segments().map(|(key, _)| key)));
        Outcome::Success(SingleValued(found))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_repeated_parameter_is_named() {
        assert_eq!(
            repeated(["status", "from", "status"].into_iter()),
            Some("status")
        );
        assert_eq!(
            repeated(["limit", "offset", "limit", "to", "to"].into_iter()),
            Some("limit")
        );
        assert_eq!(
            repeated(["field", "observed_to", "field"].into_iter()),
            Some("field")
        );
        assert_eq!(repeated(["status", "from", "utm", "utm"].into_iter()), None);
        assert_eq!(repeated(std::iter::empty()), None);
    }
}
