//! The launch table's order: the `sort` query parameter, a column name, `-` in front for
//! descending (`sort=-date`). Default: by date, oldest first.

use std::borrow::Borrow;
use std::cmp::Ordering;

use launches::Launch;

use crate::errors::ParamError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Date,
    Flight,
    Name,
    Rocket,
    Site,
    Status,
}

impl Column {
    pub const ALL: [Column; 6] = [
        Column::Date,
        Column::Flight,
        Column::Name,
        Column::Rocket,
        Column::Site,
        Column::Status,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Column::Date => "date",
            Column::Flight => "flight",
            Column::Name => "name",
            Column::Rocket => "rocket",
            Column::Site => "site",
            Column::Status => "status",
        }
    }

    fn compare(self, a: &Launch, b: &Launch) -> Ordering {
        match self {
            Column::Date => a.date_utc.cmp(&b.date_utc),
            Column::Flight => a.flight_number.cmp(&b.flight_number),
            // Char by char: no two lowercase copies per comparison (a sort of 20,000 names
            // makes about 300,000 comparisons).
            Column::Name => a
                .name
                .chars()
                .flat_map(char::to_lowercase)
                .cmp(b.name.chars().flat_map(char::to_lowercase)),
            Column::Rocket => a.rocket_name.cmp(&b.rocket_name),
            Column::Site => a.launchpad_name.cmp(&b.launchpad_name),
            Column::Status => a.status.as_str().cmp(b.status.as_str()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub descending: bool,
}

impl Default for Sort {
    fn default() -> Self {
        Sort {
            column: Column::Date,
            descending: false,
        }
    }
}

impl Sort {
    pub fn parse(value: Option<&str>) -> Result<Self, ParamError> {
        let value = value.map(str::trim).unwrap_or_default();
        if value.is_empty() {
            return Ok(Sort::default());
        }
        let (descending, key) = match value.strip_prefix('-') {
            Some(key) => (true, key),
            None => (false, value),
        };
        let column = Column::ALL
            .into_iter()
            .find(|c| c.key() == key)
            .ok_or_else(|| {
                let keys: Vec<&str> = Column::ALL.iter().map(|c| c.key()).collect();
                ParamError::new(
                    "sort",
                    format!(
                        "unknown column `{key}` (expected one of {}, optionally with a leading `-`)",
                        keys.join(", ")
                    ),
                )
            })?;
        Ok(Sort { column, descending })
    }

    /// The `sort` value of this order.
    pub fn value(self) -> String {
        if self.descending {
            format!("-{}", self.column.key())
        } else {
            self.column.key().to_owned()
        }
    }

    /// The order a click on `column`'s header gives: reversed if already sorted by it.
    pub fn toggled(self, column: Column) -> Sort {
        Sort {
            column,
            descending: self.column == column && !self.descending,
        }
    }

    /// Sorts by the column, ties by date then id, so the order is total and stable across loads.
    /// Sorts launches, or references to them (a view of the cached launches, not a copy).
    pub fn apply<L: Borrow<Launch>>(self, launches: &mut [L]) {
        launches.sort_by(|a, b| self.compare(a.borrow(), b.borrow()));
    }

    /// The order of two launches: by the column, then by date and id (a total order, so that
    /// pages do not overlap).
    pub fn compare(self, a: &Launch, b: &Launch) -> Ordering {
        let primary = self.column.compare(a, b);
        let primary = if self.descending {
            primary.reverse()
        } else {
            primary
        };
        primary
            .then_with(|| a.date_utc.cmp(&b.date_utc))
            .then_with(|| a.id.cmp(&b.id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_columns_and_direction() {
        assert_eq!(Sort::parse(None), Ok(Sort::default()));
        let sort = Sort::parse(Some("-name")).expect("valid");
        assert_eq!(sort.column, Column::Name);
        assert!(sort.descending);
        assert_eq!(sort.value(), "-name");
        assert_eq!(
            Sort::parse(Some("payload")).map_err(|e| e.param),
            Err("sort")
        );
    }

    #[test]
    fn toggling_reverses_the_current_column_only() {
        let by_name = Sort::parse(Some("name")).expect("valid");
        assert!(by_name.toggled(Column::Name).descending);
        assert!(!by_name.toggled(Column::Date).descending);
    }
}
