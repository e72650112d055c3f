//! Exponential backoff with full jitter, shared by the HTTP client and the DynamoDB writes.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    pub base: Duration,
    pub max: Duration,
}

impl Backoff {
    /// The wait after failed attempt `attempt` (1-based): a random duration in
    /// `[0, min(max, base * 2^(attempt-1))]` ("full jitter"), so that retries of concurrent
    /// writers spread out instead of colliding again.
    pub fn delay(&self, attempt: u32) -> Duration {
        let ceiling = self.ceiling(attempt);
        let millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(fastrand::u64(0..=millis))
    }

    /// The largest wait after attempt `attempt`.
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let factor = 1u32
            .checked_shl(attempt.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceiling_doubles_up_to_the_cap_and_delay_stays_below_it() {
        let backoff = Backoff {
            max_attempts: 10,
            base: Duration::from_millis(100),
            max: Duration::from_millis(1000),
        };
        let ceilings: Vec<u128> = (1..=6).map(|a| backoff.ceiling(a).as_millis()).collect();
        assert_eq!(ceilings, vec![100, 200, 400, 800, 1000, 1000]);
        assert_eq!(backoff.ceiling(200), Duration::from_millis(1000));
        for attempt in 1..=6 {
            assert!(backoff.delay(attempt) <= backoff.ceiling(attempt));
        }
    }
}
