//! The portal's HTTP API, end to end: each test starts its own portal on its own
//! database (see `portal_tests::TestApp`) and talks to it over HTTP.

mod authorization;
mod bodies;
mod contact;
mod export;
mod launch_token;
mod logs;
mod newsletter;
mod operator_config;
mod overview;
mod purposes;
mod requests;
mod sessions;
