//! The portal's HTTP API, end to end: each test starts its own portal on its own
//! database (see `portal_tests::TestApp`) and talks to it over HTTP.

mod audit_trail;
mod authorization;
mod billing_contract;
mod bodies;
mod company_admins;
mod contact;
mod erasure_execution;
mod export;
mod health;
mod launch_token;
mod logs;
mod metrics;
mod newsletter;
mod notices;
mod openapi;
mod operator_config;
mod overview;
mod purposes;
mod query_bounds;
mod rate_limits;
mod records;
mod requests;
mod restriction_and_recipients;
mod retention_sweep;
mod sessions;
mod several_servers;
mod shutdown;
mod support_authorization;
mod support_clock;
mod support_common;
mod support_console;
mod whmcs;
mod whmcs_addon;
mod whmcs_crash;
mod widget_files;
