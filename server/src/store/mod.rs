//! The portal's own storage: opening the database (SQLite or Postgres) and the audit
//! trail's hash chain.

pub mod audit;
pub mod db;
pub mod reads;
