//! Interceptors on the DynamoDB client, for tests that assert on what the code sends.
//!
//! - [`RequestLog`] records every request (operation and JSON body): the emulator is lenient
//!   (moto accepts 26 items in one BatchWriteItem), so DynamoDB's limits are checked on the
//!   requests themselves.
//! - [`Unprocessed`] makes BatchWriteItem leave items unprocessed the way DynamoDB does under
//!   load: it withholds the last items of a request from the emulator and returns them as
//!   `UnprocessedItems`, so the retry path runs against the real emulator.

use std::sync::{Arc, Mutex};

use aws_sdk_dynamodb::config::Intercept;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeDeserializationInterceptorContextMut, BeforeTransmitInterceptorContextMut,
    BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use serde_json::{json, Value};

/// One request the client sent.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// `BatchWriteItem`, `Query`, ... (from the `X-Amz-Target` header).
    pub operation: String,
    pub body: Value,
}

impl Recorded {
    /// The tables the request names (`TableName`, or the keys of `RequestItems`).
    pub fn tables(&self) -> Vec<String> {
        if let Some(table) = self.body.get("TableName").and_then(Value::as_str) {
            return vec![table.to_owned()];
        }
        self.body
            .get("RequestItems")
            .and_then(Value::as_object)
            .map(|tables| tables.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Whether the request names `table`.
    pub fn touches(&self, table: &str) -> bool {
        self.tables().iter().any(|t| t == table)
    }

    /// Items in a BatchWriteItem request, or keys in a BatchGetItem request, over all tables.
    pub fn batch_len(&self) -> usize {
        let Some(tables) = self.body.get("RequestItems").and_then(Value::as_object) else {
            return 0;
        };
        tables
            .values()
            .map(|t| match t {
                Value::Array(writes) => writes.len(),
                other => other
                    .get("Keys")
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len),
            })
            .sum()
    }

    /// The `id`s of the items a BatchWriteItem request puts.
    pub fn put_ids(&self) -> Vec<String> {
        let Some(tables) = self.body.get("RequestItems").and_then(Value::as_object) else {
            return Vec::new();
        };
        tables
            .values()
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(|w| w.pointer("/PutRequest/Item/id/S").and_then(Value::as_str))
            .map(str::to_owned)
            .collect()
    }
}

fn operation(headers: &aws_smithy_runtime_api::http::Headers) -> String {
    headers
        .get("x-amz-target")
        .and_then(|t| t.rsplit('.').next())
        .unwrap_or_default()
        .to_owned()
}

fn json_body(body: &SdkBody) -> Value {
    body.bytes()
        .and_then(|b| serde_json::from_slice(b).ok())
        .unwrap_or(Value::Null)
}

#[derive(Debug, Clone, Default)]
pub struct RequestLog {
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl RequestLog {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn all(&self) -> Vec<Recorded> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }

    pub fn of(&self, operation: &str) -> Vec<Recorded> {
        self.all()
            .into_iter()
            .filter(|r| r.operation == operation)
            .collect()
    }

    /// The ids of every launch put by the BatchWriteItem requests, in order.
    pub fn written_ids(&self) -> Vec<String> {
        self.of("BatchWriteItem")
            .iter()
            .flat_map(Recorded::put_ids)
            .collect()
    }

    pub fn clear(&self) {
        if let Ok(mut requests) = self.requests.lock() {
            requests.clear();
        }
    }
}

impl Intercept for RequestLog {
    fn name(&self) -> &'static str {
        "RequestLog"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request();
        let recorded = Recorded {
            operation: operation(request.headers()),
            body: json_body(request.body()),
        };
        self.requests
            .lock()
            .map_err(|_| "request log poisoned")?
            .push(recorded);
        Ok(())
    }
}

/// Withholds the last `per_request` items of the next `times` BatchWriteItem requests and
/// answers them as `UnprocessedItems`. Use with a store whose concurrency is 1.
#[derive(Debug, Clone)]
pub struct Unprocessed {
    state: Arc<Mutex<UnprocessedState>>,
}

#[derive(Debug)]
struct UnprocessedState {
    per_request: usize,
    times: usize,
    withheld: Option<(String, Vec<Value>)>,
}

impl Unprocessed {
    pub fn new(per_request: usize, times: usize) -> Self {
        Unprocessed {
            state: Arc::new(Mutex::new(UnprocessedState {
                per_request,
                times,
                withheld: None,
            })),
        }
    }
}

impl Intercept for Unprocessed {
    fn name(&self) -> &'static str {
        "Unprocessed"
    }

    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let mut state = self.state.lock().map_err(|_| "poisoned")?;
        let request = context.request_mut();
        if state.times == 0 || operation(request.headers()) != "BatchWriteItem" {
            return Ok(());
        }
        let mut body = json_body(request.body());
        let Some(tables) = body.get_mut("RequestItems").and_then(Value::as_object_mut) else {
            return Ok(());
        };
        let Some((table, writes)) = tables.iter_mut().next() else {
            return Ok(());
        };
        let Some(writes) = writes.as_array_mut() else {
            return Ok(());
        };
        // DynamoDB never processes none of a batch in this way; keep at least one item.
        let keep = writes.len().saturating_sub(state.per_request).max(1);
        let withheld: Vec<Value> = writes.split_off(keep);
        if withheld.is_empty() {
            return Ok(());
        }
        state.withheld = Some((table.clone(), withheld));
        state.times -= 1;
        let bytes = serde_json::to_vec(&body)?;
        request
            .headers_mut()
            .insert("content-length", bytes.len().to_string());
        *request.body_mut() = SdkBody::from(bytes);
        Ok(())
    }

    fn modify_before_deserialization(
        &self,
        context: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let mut state = self.state.lock().map_err(|_| "poisoned")?;
        let Some((table, withheld)) = state.withheld.take() else {
            return Ok(());
        };
        let response = context.response_mut();
        let mut body = json_body(response.body());
        body["UnprocessedItems"] = json!({ table: withheld });
        let bytes = serde_json::to_vec(&body)?;
        response.headers_mut().remove("x-amz-crc32");
        response
            .headers_mut()
            .insert("content-length", bytes.len().to_string());
        *response.body_mut() = SdkBody::from(bytes);
        Ok(())
    }
}
