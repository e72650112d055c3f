//! The DynamoDB store. DynamoDB's limits are enforced here even where an emulator would not:
//! 25 items per BatchWriteItem, 100 keys per BatchGetItem, 400 KB per item, 1 MB per Query page
//! (LastEvaluatedKey is followed), reserved words behind ExpressionAttributeNames, and
//! UnprocessedItems/UnprocessedKeys retried with backoff.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::error::DisplayErrorContext;
use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
use aws_sdk_dynamodb::types::{AttributeValue, KeysAndAttributes, PutRequest, WriteRequest};
use aws_sdk_dynamodb::Client;
use chrono::{DateTime, Datelike, TimeZone, Utc};
use futures::{StreamExt, TryStreamExt};

use super::launch_store::{
    cursor_item_id, is_reserved_id, sort_by_date, sort_history, DateRange, LaunchStore, StoreError,
    CHANGE_MARK_ITEM_ID,
};
use crate::history::HistoryEntry;
use crate::model::{format_date, Launch};
use crate::retry::Backoff;

/// DynamoDB's hard limits.
pub const BATCH_WRITE_LIMIT: usize = 25;
pub const BATCH_GET_LIMIT: usize = 100;
pub const MAX_ITEM_BYTES: usize = 400 * 1024;

/// The GSI the dashboard reads through: partition `year` (N), sort `date_utc` (S).
/// Terraform defines the same index (`terraform/modules/launches-table`); a contract test
/// holds the two together.
pub const DATE_INDEX: &str = "year-date-index";
pub const PARTITION_KEY: &str = "id";
pub const INDEX_PARTITION_KEY: &str = "year";
pub const INDEX_SORT_KEY: &str = "date_utc";

/// The history table (`terraform/modules/launch-history-table`): partition `launch_id` (S),
/// sort `seq` (N); its GSI reads entries by time: partition `observed_year` (N), sort
/// `observed_at` (S).
pub const HISTORY_PARTITION_KEY: &str = "launch_id";
pub const HISTORY_SORT_KEY: &str = "seq";
pub const HISTORY_INDEX: &str = "year-observed-index";
pub const HISTORY_INDEX_PARTITION_KEY: &str = "observed_year";
pub const HISTORY_INDEX_SORT_KEY: &str = "observed_at";
/// The first year history was recorded (the weekly snapshots replayed locally start in it): an
/// unbounded read of history starts there.
pub const FIRST_HISTORY_YEAR: i32 = 2026;
/// The history table's name is the launches table's with this suffix (Terraform names it so).
pub const HISTORY_TABLE_SUFFIX: &str = "-history";

/// The attribute of a cursor item that holds the cursor.
const CURSOR_ATTRIBUTE: &str = "cursor";
/// The attribute of the change mark's item.
const CHANGED_AT_ATTRIBUTE: &str = "changed_at";

/// An unbounded date range starts here: SpaceX's first launch (FalconSat, 2006).
pub const FIRST_LAUNCH_YEAR: i32 = 2006;

#[derive(Debug, Clone)]
pub struct DynamoStoreConfig {
    pub table: String,
    /// The launch history table: `table` + [`HISTORY_TABLE_SUFFIX`] unless set otherwise.
    pub history_table: String,
    /// Batch requests in flight at once.
    pub concurrency: usize,
    /// Retries of UnprocessedItems / UnprocessedKeys.
    pub backoff: Backoff,
    /// An unbounded range ends this many years after the current one (upcoming launches).
    pub years_ahead: i32,
}

impl DynamoStoreConfig {
    pub fn new(table: impl Into<String>) -> Self {
        let table = table.into();
        DynamoStoreConfig {
            history_table: format!("{table}{HISTORY_TABLE_SUFFIX}"),
            table,
            concurrency: 4,
            backoff: Backoff {
                max_attempts: 8,
                base: std::time::Duration::from_millis(50),
                max: std::time::Duration::from_secs(5),
            },
            years_ahead: 10,
        }
    }
}

#[derive(Debug, Clone)]
pub struct DynamoStore {
    client: Client,
    config: DynamoStoreConfig,
}

fn dynamo_error<E>(operation: &'static str) -> impl Fn(E) -> StoreError
where
    E: std::error::Error + 'static,
{
    move |error| StoreError::Dynamo {
        operation,
        message: DisplayErrorContext(&error).to_string(),
    }
}

/// A launch as a DynamoDB item.
pub fn launch_to_item(launch: &Launch) -> Result<HashMap<String, AttributeValue>, StoreError> {
    serde_dynamo::to_item(launch).map_err(|e| StoreError::Inadmissible {
        id: launch.id.clone(),
        reason: e.to_string(),
    })
}

/// A launch as an item, or why DynamoDB would refuse it (over 400 KB).
fn item_within_limits(launch: &Launch) -> Result<HashMap<String, AttributeValue>, StoreError> {
    let item = launch_to_item(launch)?;
    let size = item_size(&item);
    if size > MAX_ITEM_BYTES {
        return Err(StoreError::Inadmissible {
            id: launch.id.clone(),
            reason: format!("item is {size} bytes; DynamoDB's limit is {MAX_ITEM_BYTES}"),
        });
    }
    Ok(item)
}

fn item_to_launch(item: HashMap<String, AttributeValue>) -> Result<Launch, StoreError> {
    let id = match item.get(PARTITION_KEY) {
        Some(AttributeValue::S(id)) => id.clone(),
        _ => "<no id>".into(),
    };
    serde_dynamo::from_item(item).map_err(|e| StoreError::Corrupt {
        id,
        message: e.to_string(),
    })
}

/// The size DynamoDB counts for an item (attribute names plus values), rounded up where the
/// exact rule is fuzzy (numbers), so a launch that passes here fits the 400 KB limit.
pub fn item_size(item: &HashMap<String, AttributeValue>) -> usize {
    item.iter()
        .map(|(name, value)| name.len() + value_size(value))
        .sum()
}

fn value_size(value: &AttributeValue) -> usize {
    match value {
        AttributeValue::S(s) => s.len(),
        AttributeValue::N(n) => n.len().div_ceil(2) + 1,
        AttributeValue::B(b) => b.as_ref().len(),
        AttributeValue::Bool(_) | AttributeValue::Null(_) => 1,
        AttributeValue::L(list) => 3 + list.iter().map(|v| 1 + value_size(v)).sum::<usize>(),
        AttributeValue::M(map) => {
            3 + map
                .iter()
                .map(|(k, v)| 1 + k.len() + value_size(v))
                .sum::<usize>()
        }
        AttributeValue::Ss(set) => set.iter().map(String::len).sum(),
        AttributeValue::Ns(set) => set.iter().map(|n| n.len().div_ceil(2) + 1).sum(),
        AttributeValue::Bs(set) => set.iter().map(|b| b.as_ref().len()).sum(),
        _ => 0,
    }
}

fn string_attr(item: &HashMap<String, AttributeValue>, name: &str) -> Option<String> {
    match item.get(name) {
        Some(AttributeValue::S(s)) => Some(s.clone()),
        _ => None,
    }
}

impl DynamoStore {
    pub fn new(client: Client, config: DynamoStoreConfig) -> Self {
        DynamoStore { client, config }
    }

    pub fn table(&self) -> &str {
        &self.config.table
    }

    /// The table that keeps the launches' history ([`crate::history`]).
    pub fn history_table(&self) -> &str {
        &self.config.history_table
    }

    /// Writes one batch of at most 25 into `table`, retrying UnprocessedItems; returns the
    /// (`describe`d) items still unwritten when the attempts run out.
    async fn write_batch(
        &self,
        table: &str,
        mut requests: Vec<WriteRequest>,
        describe: fn(&HashMap<String, AttributeValue>) -> String,
    ) -> Result<Vec<String>, StoreError> {
        debug_assert!(requests.len() <= BATCH_WRITE_LIMIT);
        let backoff = self.config.backoff;
        for attempt in 1..=backoff.max_attempts {
            let output = self
                .client
                .batch_write_item()
                .request_items(table, requests)
                .send()
                .await
                .map_err(dynamo_error("BatchWriteItem"))?;
            requests = output
                .unprocessed_items
                .and_then(|mut unprocessed| unprocessed.remove(table))
                .unwrap_or_default();
            if requests.is_empty() {
                return Ok(Vec::new());
            }
            if attempt < backoff.max_attempts {
                tracing::warn!(
                    unprocessed = requests.len(),
                    attempt,
                    "BatchWriteItem left items unprocessed; retrying"
                );
                tokio::time::sleep(backoff.delay(attempt)).await;
            }
        }
        Ok(requests
            .iter()
            .filter_map(|r| r.put_request())
            .map(|p| describe(p.item()))
            .collect())
    }

    /// Puts `items` into `table`, 25 to a BatchWriteItem, a few batches at a time; fails naming
    /// the items still unwritten after the retries.
    async fn put_items(
        &self,
        table: &str,
        items: Vec<HashMap<String, AttributeValue>>,
        describe: fn(&HashMap<String, AttributeValue>) -> String,
    ) -> Result<(), StoreError> {
        let mut requests = Vec::with_capacity(items.len());
        for item in items {
            let put = PutRequest::builder()
                .set_item(Some(item))
                .build()
                .map_err(dynamo_error("BatchWriteItem"))?;
            requests.push(WriteRequest::builder().put_request(put).build());
        }
        let mut batches = Vec::with_capacity(requests.len().div_ceil(BATCH_WRITE_LIMIT));
        let mut rest = requests.into_iter().peekable();
        while rest.peek().is_some() {
            batches.push(rest.by_ref().take(BATCH_WRITE_LIMIT).collect::<Vec<_>>());
        }
        let batch_ids: Vec<Vec<String>> = batches
            .iter()
            .map(|batch| {
                batch
                    .iter()
                    .filter_map(|r| r.put_request())
                    .map(|p| describe(p.item()))
                    .collect()
            })
            .collect();
        let mut confirmed = vec![false; batches.len()];
        let mut unprocessed = Vec::new();
        let mut failure = None;
        let mut written =
            futures::stream::iter(batches.into_iter().enumerate())
                .map(|(index, batch)| async move {
                    (index, self.write_batch(table, batch, describe).await)
                })
                .buffer_unordered(self.config.concurrency);
        while let Some((index, result)) = written.next().await {
            match result {
                Ok(ids) => {
                    confirmed[index] = true;
                    unprocessed.extend(ids);
                }
                // The batches still in flight are dropped: waiting for them against a store
                // that has just failed would only hold the run longer.
                Err(error) => {
                    failure = Some(error);
                    break;
                }
            }
        }
        drop(written);
        if let Some(cause) = failure {
            let ids = batch_ids
                .into_iter()
                .zip(confirmed)
                .filter(|(_, confirmed)| !confirmed)
                .flat_map(|(ids, _)| ids)
                .chain(unprocessed)
                .collect();
            return Err(StoreError::WriteFailed {
                cause: Box::new(cause),
                ids,
            });
        }
        if unprocessed.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Unwritten {
                count: unprocessed.len(),
                attempts: self.config.backoff.max_attempts,
                ids: unprocessed,
            })
        }
    }

    /// Reads the launches of one batch of at most 100 ids, retrying UnprocessedKeys. An item
    /// that no longer reads as a launch is reported and left out: the sync then rewrites it.
    async fn get_batch(&self, ids: &[&str]) -> Result<HashMap<String, Launch>, StoreError> {
        debug_assert!(ids.len() <= BATCH_GET_LIMIT);
        let keys = ids
            .iter()
            .map(|id| {
                HashMap::from([(
                    PARTITION_KEY.to_owned(),
                    AttributeValue::S((*id).to_owned()),
                )])
            })
            .collect();
        let mut pending = Some(
            KeysAndAttributes::builder()
                .set_keys(Some(keys))
                .build()
                .map_err(dynamo_error("BatchGetItem"))?,
        );
        let mut found = HashMap::with_capacity(ids.len());
        let backoff = self.config.backoff;
        let mut attempt = 0;
        while let Some(keys) = pending.take() {
            attempt += 1;
            if attempt > backoff.max_attempts {
                return Err(StoreError::Dynamo {
                    operation: "BatchGetItem",
                    message: format!(
                        "{} key(s) still unprocessed after {} attempts",
                        keys.keys().len(),
                        backoff.max_attempts
                    ),
                });
            }
            if attempt > 1 {
                tokio::time::sleep(backoff.delay(attempt - 1)).await;
            }
            let output = self
                .client
                .batch_get_item()
                .request_items(self.config.table.clone(), keys)
                .send()
                .await
                .map_err(dynamo_error("BatchGetItem"))?;
            for item in output
                .responses
                .and_then(|mut r| r.remove(&self.config.table))
                .unwrap_or_default()
            {
                match item_to_launch(item) {
                    Ok(launch) => {
                        found.insert(launch.id.clone(), launch);
                    }
                    Err(error) => {
                        tracing::warn!(%error, "stored item unreadable; it will be rewritten")
                    }
                }
            }
            pending = output
                .unprocessed_keys
                .and_then(|mut u| u.remove(&self.config.table))
                .filter(|k| !k.keys().is_empty());
        }
        Ok(found)
    }

    /// All launches of one GSI partition (`year`) between two dates.
    async fn query_year(&self, year: i32, from: &str, to: &str) -> Result<Vec<Launch>, StoreError> {
        let query = self.year_range_query(
            &self.config.table,
            (DATE_INDEX, INDEX_PARTITION_KEY, INDEX_SORT_KEY),
            year,
            (from, to),
        );
        query_pages(query, item_to_launch).await
    }

    /// A Query of one partition (`year`) of `index` (its name, partition key and sort key),
    /// for sort keys between `from` and `to`.
    fn year_range_query(
        &self,
        table: &str,
        (index, partition_key, sort_key): (&str, &str, &str),
        year: i32,
        (from, to): (&str, &str),
    ) -> QueryFluentBuilder {
        self.client
            .query()
            .table_name(table)
            .index_name(index)
            // `year` and `date` are reserved words: names go through placeholders.
            .key_condition_expression("#year = :year AND #sort BETWEEN :from AND :to")
            .expression_attribute_names("#year", partition_key)
            .expression_attribute_names("#sort", sort_key)
            .expression_attribute_values(":year", AttributeValue::N(year.to_string()))
            .expression_attribute_values(":from", AttributeValue::S(from.to_owned()))
            .expression_attribute_values(":to", AttributeValue::S(to.to_owned()))
    }
}

/// Every item `query` selects, page after page (following LastEvaluatedKey), each read by `read`.
async fn query_pages<T>(
    query: QueryFluentBuilder,
    read: fn(HashMap<String, AttributeValue>) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut found = Vec::new();
    let mut start_key = None;
    loop {
        let output = query
            .clone()
            .set_exclusive_start_key(start_key)
            .send()
            .await
            .map_err(dynamo_error("Query"))?;
        for item in output.items.unwrap_or_default() {
            found.push(read(item)?);
        }
        start_key = output.last_evaluated_key.filter(|k| !k.is_empty());
        if start_key.is_none() {
            return Ok(found);
        }
    }
}

impl DynamoStore {
    /// A string attribute of one of the store's own items (a cursor, the change mark), read
    /// consistently; `None` when the item or the attribute is missing.
    async fn control_attribute(
        &self,
        id: &str,
        attribute: &str,
    ) -> Result<Option<String>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.config.table)
            .key(PARTITION_KEY, AttributeValue::S(id.to_owned()))
            .consistent_read(true)
            .send()
            .await
            .map_err(dynamo_error("GetItem"))?;
        Ok(output.item.and_then(|item| string_attr(&item, attribute)))
    }

    /// Creates or replaces one of the store's own items with string `attributes`.
    async fn put_control_item(
        &self,
        id: &str,
        attributes: &[(&str, String)],
    ) -> Result<(), StoreError> {
        let mut put = self
            .client
            .put_item()
            .table_name(&self.config.table)
            .item(PARTITION_KEY, AttributeValue::S(id.to_owned()));
        for (name, value) in attributes {
            put = put.item(*name, AttributeValue::S(value.clone()));
        }
        put.send().await.map_err(dynamo_error("PutItem"))?;
        Ok(())
    }

    /// The history entries of one index partition (`observed_year`) between two times.
    async fn query_history_year(
        &self,
        year: i32,
        from: &str,
        to: &str,
    ) -> Result<Vec<HistoryEntry>, StoreError> {
        let query = self.year_range_query(
            &self.config.history_table,
            (
                HISTORY_INDEX,
                HISTORY_INDEX_PARTITION_KEY,
                HISTORY_INDEX_SORT_KEY,
            ),
            year,
            (from, to),
        );
        query_pages(query, item_to_history).await
    }
}

/// A history entry as an item of the history table, or why DynamoDB would refuse it.
pub fn history_item(entry: &HistoryEntry) -> Result<HashMap<String, AttributeValue>, StoreError> {
    let inadmissible = |reason: String| StoreError::Inadmissible {
        id: format!("{} history #{}", entry.launch_id, entry.seq),
        reason,
    };
    let item: HashMap<String, AttributeValue> =
        serde_dynamo::to_item(entry).map_err(|e| inadmissible(e.to_string()))?;
    let size = item_size(&item);
    if size > MAX_ITEM_BYTES {
        return Err(inadmissible(format!(
            "item is {size} bytes; DynamoDB's limit is {MAX_ITEM_BYTES}"
        )));
    }
    Ok(item)
}

fn describe_history_item(item: &HashMap<String, AttributeValue>) -> String {
    let seq = match item.get(HISTORY_SORT_KEY) {
        Some(AttributeValue::N(n)) => n.as_str(),
        _ => "?",
    };
    format!(
        "{} history #{seq}",
        string_attr(item, HISTORY_PARTITION_KEY).unwrap_or_default()
    )
}

fn item_to_history(item: HashMap<String, AttributeValue>) -> Result<HistoryEntry, StoreError> {
    let id = describe_history_item(&item);
    serde_dynamo::from_item(item).map_err(|e| StoreError::Corrupt {
        id,
        message: e.to_string(),
    })
}

/// The GSI partitions (years) a range spans, each with the range's bounds clamped to the year.
pub(crate) fn year_bounds(
    range: DateRange,
    now: DateTime<Utc>,
    years_ahead: i32,
) -> Vec<(i32, String, String)> {
    let first = range.from.map_or(FIRST_LAUNCH_YEAR, |d| d.year());
    let last = range.to.map_or(now.year() + years_ahead, |d| d.year());
    (first..=last)
        .map(|year| {
            let from = match range.from {
                Some(d) if d.year() == year => format_date(d),
                _ => format!("{year:04}-01-01T00:00:00.000Z"),
            };
            let to = match range.to {
                Some(d) if d.year() == year => format_date(d),
                _ => format!("{year:04}-12-31T23:59:59.999Z"),
            };
            (year, from, to)
        })
        .collect()
}

#[async_trait]
impl LaunchStore for DynamoStore {
    async fn stored_launches(&self, ids: &[&str]) -> Result<HashMap<String, Launch>, StoreError> {
        // Owned chunks: borrowed ones trip the compiler's Send check across the await.
        let chunks: Vec<Vec<String>> = ids
            .chunks(BATCH_GET_LIMIT)
            .map(|chunk| chunk.iter().map(|id| (*id).to_owned()).collect())
            .collect();
        let batches: Vec<HashMap<String, Launch>> = futures::stream::iter(chunks)
            .map(|chunk| async move {
                let ids: Vec<&str> = chunk.iter().map(String::as_str).collect();
                self.get_batch(&ids).await
            })
            .buffer_unordered(self.config.concurrency)
            .try_collect()
            .await?;
        Ok(batches.into_iter().flatten().collect())
    }

    async fn put_launches(&self, launches: &[Launch]) -> Result<(), StoreError> {
        let items = launches
            .iter()
            .map(item_within_limits)
            .collect::<Result<Vec<_>, _>>()?;
        self.put_items(&self.config.table, items, |item| {
            string_attr(item, PARTITION_KEY).unwrap_or_default()
        })
        .await
    }

    async fn put_history(&self, entries: &[HistoryEntry]) -> Result<(), StoreError> {
        let items = entries
            .iter()
            .map(history_item)
            .collect::<Result<Vec<_>, _>>()?;
        self.put_items(&self.config.history_table, items, describe_history_item)
            .await
    }

    async fn launch_history(&self, id: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        let query = self
            .client
            .query()
            .table_name(&self.config.history_table)
            .key_condition_expression("#launch = :launch")
            .expression_attribute_names("#launch", HISTORY_PARTITION_KEY)
            .expression_attribute_values(":launch", AttributeValue::S(id.to_owned()));
        let mut entries = query_pages(query, item_to_history).await?;
        entries.sort_by_key(|e| e.seq);
        Ok(entries)
    }

    async fn history_in_range(&self, range: DateRange) -> Result<Vec<HistoryEntry>, StoreError> {
        // History began in 2026: an unbounded range need not ask the twenty years before.
        let range = DateRange {
            from: range.from.or_else(|| {
                Utc.with_ymd_and_hms(FIRST_HISTORY_YEAR, 1, 1, 0, 0, 0)
                    .single()
            }),
            ..range
        };
        let years = year_bounds(range, Utc::now(), 1);
        let pages: Vec<Vec<HistoryEntry>> = futures::stream::iter(years)
            .map(|(year, from, to)| async move { self.query_history_year(year, &from, &to).await })
            .buffer_unordered(self.config.concurrency)
            .try_collect()
            .await?;
        let mut entries: Vec<HistoryEntry> = pages.into_iter().flatten().collect();
        sort_history(&mut entries);
        Ok(entries)
    }

    async fn launches_in_range(&self, range: DateRange) -> Result<Vec<Launch>, StoreError> {
        let years = year_bounds(range, Utc::now(), self.config.years_ahead);
        let pages: Vec<Vec<Launch>> = futures::stream::iter(years)
            .map(|(year, from, to)| async move { self.query_year(year, &from, &to).await })
            .buffer_unordered(self.config.concurrency)
            .try_collect()
            .await?;
        let mut launches: Vec<Launch> = pages.into_iter().flatten().collect();
        sort_by_date(&mut launches);
        Ok(launches)
    }

    async fn get_launch(&self, id: &str) -> Result<Option<Launch>, StoreError> {
        if is_reserved_id(id) {
            return Ok(None);
        }
        let output = self
            .client
            .get_item()
            .table_name(&self.config.table)
            .key(PARTITION_KEY, AttributeValue::S(id.to_owned()))
            .send()
            .await
            .map_err(dynamo_error("GetItem"))?;
        output.item.map(item_to_launch).transpose()
    }

    async fn cursor(&self, source: &str) -> Result<Option<String>, StoreError> {
        self.control_attribute(&cursor_item_id(source), CURSOR_ATTRIBUTE)
            .await
    }

    async fn save_cursor(&self, source: &str, cursor: &str) -> Result<(), StoreError> {
        self.put_control_item(
            &cursor_item_id(source),
            &[
                (CURSOR_ATTRIBUTE, cursor.to_owned()),
                ("saved_at", format_date(Utc::now())),
            ],
        )
        .await
    }

    async fn mark_changed(&self, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.put_control_item(
            CHANGE_MARK_ITEM_ID,
            &[(CHANGED_AT_ATTRIBUTE, format_date(at))],
        )
        .await
    }

    async fn changed_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let Some(text) = self
            .control_attribute(CHANGE_MARK_ITEM_ID, CHANGED_AT_ATTRIBUTE)
            .await?
        else {
            return Ok(None);
        };
        DateTime::parse_from_rfc3339(&text)
            .map(|at| Some(at.with_timezone(&Utc)))
            .map_err(|error| StoreError::Corrupt {
                id: CHANGE_MARK_ITEM_ID.to_owned(),
                message: format!("`{text}` is not a time: {error}"),
            })
    }

    fn check_admissible(&self, launch: &Launch) -> Result<(), String> {
        item_within_limits(launch).map(drop).map_err(|e| match e {
            StoreError::Inadmissible { reason, .. } => reason,
            other => other.to_string(),
        })
    }

    fn describe(&self) -> String {
        format!("DynamoDB table {}", self.config.table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unbounded_range_spans_every_year_from_the_first_launch() {
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 0, 0, 0).unwrap();
        let years = year_bounds(DateRange::ALL, now, 10);
        assert_eq!(years.first().map(|y| y.0), Some(2006));
        assert_eq!(years.last().map(|y| y.0), Some(2036));
        assert_eq!(years[0].1, "2006-01-01T00:00:00.000Z");
        assert_eq!(years[0].2, "2006-12-31T23:59:59.999Z");
    }

    #[test]
    fn a_bounded_range_is_clamped_to_each_year() {
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let range = DateRange {
            from: Some(Utc.with_ymd_and_hms(2019, 6, 1, 12, 0, 0).unwrap()),
            to: Some(Utc.with_ymd_and_hms(2020, 2, 3, 0, 0, 0).unwrap()),
        };
        let years = year_bounds(range, now, 10);
        assert_eq!(
            years,
            vec![
                (
                    2019,
                    "2019-06-01T12:00:00.000Z".into(),
                    "2019-12-31T23:59:59.999Z".into()
                ),
                (
                    2020,
                    "2020-01-01T00:00:00.000Z".into(),
                    "2020-02-03T00:00:00.000Z".into()
                ),
            ]
        );
    }

    #[test]
    fn item_size_counts_names_and_values() {
        let item = HashMap::from([
            ("id".to_owned(), AttributeValue::S("abc".into())),
            ("ok".to_owned(), AttributeValue::Bool(true)),
        ]);
        assert_eq!(item_size(&item), 2 + 3 + 2 + 1);
    }
}
