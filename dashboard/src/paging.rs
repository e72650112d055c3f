//! Paging of `/api/launches`: `limit` (1 to 1,000, default 100) and `offset` (default 0), so
//! that an answer stays small however many launches the table holds.

use crate::errors::ParamError;

pub const DEFAULT_LIMIT: usize = 100;
pub const MAX_LIMIT: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub limit: usize,
    pub offset: usize,
}

impl Paging {
    pub fn parse(limit: Option<&str>, offset: Option<&str>) -> Result<Self, ParamError> {
        let number = |param: &'static str, value: &str| {
            value.trim().parse::<usize>().map_err(|_| {
                ParamError::new(
                    param,
                    format!("`{value}` is not a whole number of launches"),
                )
            })
        };
        let limit = match limit {
            None => DEFAULT_LIMIT,
            Some(value) => match number("limit", value)? {
                limit @ 1..=MAX_LIMIT => limit,
                _ => {
                    return Err(ParamError::new(
                        "limit",
                        format!("`{value}` is out of range (1 to {MAX_LIMIT})"),
                    ))
                }
            },
        };
        let offset = offset.map_or(Ok(0), |value| number("offset", value))?;
        Ok(Paging { limit, offset })
    }

    /// The page's part of `items`.
    pub fn slice<T>(self, items: &[T]) -> &[T] {
        let start = self.offset.min(items.len());
        let end = start.saturating_add(self.limit).min(items.len());
        &items[start..end]
    }

    /// The next page, when there are more items than this one reaches.
    pub fn next(self, total: usize) -> Option<Paging> {
        let end = self.offset.saturating_add(self.limit);
        (end < total).then_some(Paging {
            limit: self.limit,
            offset: end,
        })
    }

    /// The query pairs of this page.
    pub fn pairs(self) -> [(&'static str, String); 2] {
        [
            ("limit", self.limit.to_string()),
            ("offset", self.offset.to_string()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_bounds() {
        assert_eq!(
            Paging::parse(None, None),
            Ok(Paging {
                limit: DEFAULT_LIMIT,
                offset: 0
            })
        );
        assert_eq!(
            Paging::parse(Some("1000"), Some("20")),
            Ok(Paging {
                limit: 1000,
                offset: 20
            })
        );
        for (limit, offset, param) in [
            (Some("0"), None, "limit"),
            (Some("1001"), None, "limit"),
            (Some("ten"), None, "limit"),
            (Some("-1"), None, "limit"),
            (None, Some("-5"), "offset"),
            (None, Some("1.5"), "offset"),
        ] {
            let error = Paging::parse(limit, offset).expect_err("rejected");
            assert_eq!(error.param, param, "{limit:?} {offset:?}: {error}");
        }
    }

    #[test]
    fn slices_and_next_pages() {
        let items: Vec<u32> = (0..250).collect();
        let first = Paging::parse(None, None).expect("defaults");
        assert_eq!(first.slice(&items), &items[..100]);
        let third = first
            .next(250)
            .and_then(|p| p.next(250))
            .expect("a third page");
        assert_eq!(third.slice(&items), &items[200..]);
        assert_eq!(third.next(250), None);
        let beyond = Paging::parse(None, Some("999")).expect("valid");
        assert!(beyond.slice(&items).is_empty());
        assert_eq!(beyond.next(250), None);
    }
}
