//! A source whose launches were already read: the dashboard's start-up reads each source once
//! (live, or its snapshot when the live one does not answer in time) and then hands what it read
//! to the same sync the extractor runs, so that the rows it shows are made by the same rules.

use async_trait::async_trait;
use tokio::sync::mpsc;

use crate::source::{Batches, Delivery, LaunchBatches, LaunchSource, Record, BATCH_SIZE};

/// Records read from the source named `name`, handed over again a batch at a time.
#[derive(Debug, Clone)]
pub struct CollectedSource {
    name: &'static str,
    described: String,
    records: Vec<Record>,
}

impl CollectedSource {
    /// `name` and `described` are those of the source the records came from.
    pub fn new(name: &'static str, described: impl Into<String>, records: Vec<Record>) -> Self {
        CollectedSource {
            name,
            described: described.into(),
            records,
        }
    }
}

#[async_trait]
impl LaunchSource for CollectedSource {
    /// Every record, whatever `resume` says: the list was read whole.
    async fn launches(
        &self,
        _resume: Option<&str>,
    ) -> Result<LaunchBatches, crate::source::SourceError> {
        let batches: Vec<Vec<Record>> = self
            .records
            .chunks(BATCH_SIZE)
            .map(<[Record]>::to_vec)
            .collect();
        let (sender, receiver) = mpsc::channel(1);
        let producer = tokio::spawn(async move {
            for batch in batches {
                if sender.send(Ok(Delivery::Items(batch))).await.is_err() {
                    return;
                }
            }
        });
        Ok(Batches::new(self.described.clone(), receiver, producer))
    }

    fn name(&self) -> &'static str {
        self.name
    }

    fn describe(&self) -> String {
        self.described.clone()
    }
}
