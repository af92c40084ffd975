//! The portal's own storage: opening the database (SQLite or Postgres), the audit
//! trail's hash chain, and the lookups of the authenticated path.

pub mod audit;
pub mod db;
pub mod reads;
pub mod recent;
