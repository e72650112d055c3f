//! Where launches are kept: DynamoDB in AWS, an embedded in-process store for local runs.

mod dynamo;
mod launch_store;
mod memory;

pub use dynamo::{
    history_item, item_size, launch_to_item, DynamoStore, DynamoStoreConfig, BATCH_GET_LIMIT,
    BATCH_WRITE_LIMIT, DATE_INDEX, FIRST_HISTORY_YEAR, FIRST_LAUNCH_YEAR, HISTORY_INDEX,
    HISTORY_INDEX_PARTITION_KEY, HISTORY_INDEX_SORT_KEY, HISTORY_PARTITION_KEY, HISTORY_SORT_KEY,
    HISTORY_TABLE_SUFFIX, INDEX_PARTITION_KEY, INDEX_SORT_KEY, MAX_ITEM_BYTES, PARTITION_KEY,
};
pub use launch_store::{
    cursor_item_id, is_reserved_id, DateRange, LaunchStore, StoreError, CHANGE_MARK_ITEM_ID,
};
pub use memory::MemoryStore;
