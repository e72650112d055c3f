//! What time the views take as "now": the next launch is the first whose NET period has not
//! ended. The system clock, or a fixed time (tests, and views reproducible from fixtures).

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Clock {
    #[default]
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    pub fn now(self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(now) => now,
        }
    }
}
