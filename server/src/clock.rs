//! The portal's notion of "now". Production uses the system clock; tests move it forward
//! to expire sessions and launch tokens without sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use time::{Date, OffsetDateTime};

#[derive(Clone, Default)]
pub struct Clock {
    offset_seconds: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
            + time::Duration::seconds(self.offset_seconds.load(Ordering::Relaxed))
    }

    pub fn unix(&self) -> i64 {
        self.now().unix_timestamp()
    }

    /// Today's date. UTC: a request received just after midnight in Oslo counts as the
    /// day before, which only ever makes the deadline earlier, never later.
    pub fn today(&self) -> Date {
        self.now().date()
    }

    /// A clock of its own, `seconds` away from the system clock (negative: in the past).
    /// Clones of it share its offset; other clocks do not.
    pub fn offset_by(seconds: i64) -> Clock {
        Clock {
            offset_seconds: Arc::new(AtomicI64::new(seconds)),
        }
    }

    /// Moves this clock (and every clone of it) forward.
    pub fn advance(&self, seconds: i64) {
        self.offset_seconds.fetch_add(seconds, Ordering::Relaxed);
    }
}

pub fn from_unix(ts: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(ts).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}
