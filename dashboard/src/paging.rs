//! Paging of `/api/launches` and of the HTML table `/launches`: `limit` (1 to 1,000, default
//! 100) and `offset` (default 0), so that an answer stays small however many launches the table
//! holds.

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

    /// The previous page, unless this is the first; from beyond the end, the last page.
    pub fn previous(self, total: usize) -> Option<Paging> {
        let last = total.saturating_sub(1) / self.limit * self.limit;
        (self.offset > 0).then_some(Paging {
            limit: self.limit,
            offset: self.offset.saturating_sub(self.limit).min(last),
        })
    }

    /// The first page of the same size.
    pub fn first(self) -> Paging {
        Paging {
            limit: self.limit,
            offset: 0,
        }
    }

    /// The query pairs of this page.
    pub fn pairs(self) -> [(&'static str, String); 2] {
        [
            ("limit", self.limit.to_string()),
            ("offset", self.offset.to_string()),
        ]
    }

    /// The query pairs that differ from the defaults (the pages' links stay short).
    pub fn non_default_pairs(self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if self.limit != DEFAULT_LIMIT {
            pairs.push(("limit", self.limit.to_string()));
        }
        if self.offset != 0 {
            pairs.push(("offset", self.offset.to_string()));
        }
        pairs
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

    #[test]
    fn previous_pages() {
        let page = |limit, offset| Paging { limit, offset };
        assert_eq!(page(100, 0).previous(250), None);
        assert_eq!(page(100, 100).previous(250), Some(page(100, 0)));
        // An offset between pages steps back by one page size, not below 0.
        assert_eq!(page(100, 30).previous(250), Some(page(100, 0)));
        assert_eq!(page(100, 230).previous(250), Some(page(100, 130)));
        // Beyond the end, "previous" is the last page that has items.
        assert_eq!(page(100, 999).previous(250), Some(page(100, 200)));
        assert_eq!(page(100, 999).previous(200), Some(page(100, 100)));
        assert_eq!(page(100, 999).previous(0), Some(page(100, 0)));
    }

    #[test]
    fn links_name_only_what_differs_from_the_defaults() {
        let pairs = |limit, offset| Paging { limit, offset }.non_default_pairs();
        assert!(pairs(DEFAULT_LIMIT, 0).is_empty());
        assert_eq!(
            pairs(DEFAULT_LIMIT, 300),
            vec![("offset", "300".to_owned())]
        );
        assert_eq!(
            pairs(10, 20),
            vec![("limit", "10".to_owned()), ("offset", "20".to_owned())]
        );
    }
}
