//! Drops the `portal_test_*` databases earlier test runs left on the Postgres server
//! named by `PORTAL_TEST_DATABASE` (or the first argument), sparing any a run going on
//! alongside still uses, and the `whmcs_it_*` databases on the MariaDB server of the WHMCS
//! tests. Test databases on SQLite live in temporary directories removed with each test.

use std::process::ExitCode;

use portal_tests::database::{self, Backend};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match portal_tests::whmcs::drop_old_databases().await {
        Ok(n) => println!("dropped {n} WHMCS test database(s)"),
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    }
    let url = match std::env::args().nth(1) {
        Some(url) => url,
        None => match database::backend() {
            Backend::Postgres(url) => url,
            Backend::Sqlite => return ExitCode::SUCCESS,
        },
    };
    match database::drop_test_databases(&url).await {
        Ok(done) => {
            println!(
                "dropped {} test database(s) on {}; spared {} in use or just created",
                done.dropped,
                database::redact(&url),
                done.spared
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
