//! Retention as it is carried out: the sweep that purges held records once their day has
//! passed and applies the account and lead rules.

pub mod sweep;
