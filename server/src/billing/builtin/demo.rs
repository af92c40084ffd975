//! The demo dataset in the built-in billing store: accounts, persons, staff, services,
//! domains, invoices, a ticket, login history and leads. Dates are relative to the day it
//! is seeded ("an invoice from three years ago"), so the same day always gives the same
//! data. See the README's table of demo people.

use sqlx::{AnyConnection, AnyPool};
use time::{Date, Month};

use portal_domain::format_iso_date;

/// One row of `billing_persons`: id, account, admin flag, name, e-mail, phone, street,
/// postal code, city, country, company, language, personnummer.
type SeedPerson = (
    &'static str,
    &'static str,
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);

/// A private customer, the owner of their account, with only a name, contact details and
/// a city.
#[allow(clippy::too_many_arguments)]
fn queue_person(
    id: &'static str,
    account: &'static str,
    name: &'static str,
    email: &'static str,
    phone: &'static str,
    city: &'static str,
    country: &'static str,
    lang: &'static str,
) -> SeedPerson {
    let postal = if country == "SE" { "411 01" } else { "7010" };
    (
        id,
        account,
        1,
        name,
        email,
        phone,
        "Hovedgata 2",
        postal,
        city,
        country,
        "",
        lang,
        None,
    )
}

fn ymd(year: i32, month: u8, day: u8) -> String {
    let month = Month::try_from(month).expect("valid month");
    format_iso_date(Date::from_calendar_date(year, month, day).expect("valid demo date"))
}

async fn exec(conn: &mut AnyConnection, sql: &'static str, args: &[&str]) -> sqlx::Result<()> {
    let mut q = sqlx::query(sql);
    for a in args {
        q = q.bind(*a);
    }
    q.execute(conn).await?;
    Ok(())
}

/// Seeds the demo dataset once. Dates are relative to `today` ("an invoice from three
/// years ago"), so the same day always gives the same data.
pub async fn seed(pool: &AnyPool, today: Date, now: i64) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    let seeded: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM billing_accounts WHERE id = 'A100'")
        .fetch_one(&mut *tx)
        .await?;
    if seeded > 0 {
        return Ok(());
    }
    let y = today.year();
    let c = &mut *tx;
    for (id, kind, name, org, country) in [
        ("A100", "private", "Kari Nordmann", None, "NO"),
        // The customers behind the support console's demo requests (`demo::seed_requests`).
        ("A500", "private", "Erik Dahl", None, "NO"),
        ("A501", "private", "Sofia Lund", None, "SE"),
        ("A502", "private", "Mats Berg", None, "NO"),
        ("A503", "private", "Nora Vik", None, "NO"),
        ("A504", "private", "Jon Strand", None, "NO"),
        (
            "A200",
            "company",
            "Nordlys Webbyrå AS",
            Some("912 345 678"),
            "NO",
        ),
        ("A300", "private", "Anna Svensson", None, "SE"),
    ] {
        sqlx::query("INSERT INTO billing_accounts (id, kind, name, org_number, country, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(id).bind(kind).bind(name).bind(org).bind(country).bind(now)
            .execute(&mut *c).await?;
    }
    let persons: [SeedPerson; 10] = [
        queue_person(
            "5001",
            "A500",
            "Erik Dahl",
            "erik.dahl@example.no",
            "+4741000001",
            "Trondheim",
            "NO",
            "nb",
        ),
        queue_person(
            "5002",
            "A501",
            "Sofia Lund",
            "sofia.lund@example.se",
            "+46702000002",
            "Göteborg",
            "SE",
            "sv",
        ),
        queue_person(
            "5003",
            "A502",
            "Mats Berg",
            "mats.berg@example.no",
            "+4741000003",
            "Tromsø",
            "NO",
            "nb",
        ),
        queue_person(
            "5004",
            "A503",
            "Nora Vik",
            "nora.vik@example.no",
            "",
            "Stavanger",
            "NO",
            "nb",
        ),
        queue_person(
            "5005",
            "A504",
            "Jon Strand",
            "jon.strand@example.no",
            "+4741000005",
            "Drammen",
            "NO",
            "nb",
        ),
        (
            "1001",
            "A100",
            1,
            "Kari Nordmann",
            "kari.nordmann@example.no",
            "+4791234567",
            "Storgata 1",
            "0155",
            "Oslo",
            "NO",
            "",
            "nb",
            None,
        ),
        (
            "2001",
            "A200",
            1,
            "Ola Hansen",
            "ola.hansen@nordlys.example.no",
            "+4792345678",
            "Kaigaten 4",
            "5015",
            "Bergen",
            "NO",
            "Nordlys Webbyrå AS",
            "nb",
            None,
        ),
        (
            "2002",
            "A200",
            0,
            "Ingrid Berg",
            "ingrid.berg@nordlys.example.no",
            "+4793456789",
            "Kaigaten 4",
            "5015",
            "Bergen",
            "NO",
            "Nordlys Webbyrå AS",
            "nb",
            None,
        ),
        (
            "2003",
            "A200",
            0,
            "Lars Johansen",
            "lars.johansen@nordlys.example.no",
            "",
            "Kaigaten 4",
            "5015",
            "Bergen",
            "NO",
            "Nordlys Webbyrå AS",
            "en",
            None,
        ),
        (
            "3001",
            "A300",
            1,
            "Anna Svensson",
            "anna.svensson@example.se",
            "+46701234567",
            "Drottninggatan 1",
            "111 51",
            "Stockholm",
            "SE",
            "",
            "sv",
            Some("19850312-2389"),
        ),
    ];
    for (id, acct, admin, name, email, phone, street, postal, city, country, company, lang, pnr) in
        persons
    {
        sqlx::query(
            "INSERT INTO billing_persons (id, account_id, is_account_admin, name, email, phone, street, postal_code, city, country, \
             company, language, personnummer, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(id).bind(acct).bind(admin).bind(name).bind(email).bind(phone).bind(street).bind(postal).bind(city)
        .bind(country).bind(company).bind(lang).bind(pnr).bind(now)
        .execute(&mut *c).await?;
    }
    // The accounts' own details start from their owners', as invoices showed them.
    sqlx::query(super::ACCOUNT_DETAILS_FROM_OWNER)
        .execute(&mut *c)
        .await?;
    exec(
        c,
        "INSERT INTO billing_staff (id, name, email) VALUES ($1, $2, $3)",
        &["S1", "Siri Støtte", "siri@eksempel-hosting.no"],
    )
    .await?;
    // Tone sorts the queue: she reads, notes, asks and extends, but does not decide.
    exec(
        c,
        "INSERT INTO billing_staff (id, name, email, may_decide) VALUES ($1, $2, $3, 0)",
        &["S2", "Tone Mottak", "tone@eksempel-hosting.no"],
    )
    .await?;

    let services = [
        (
            "SV100",
            "A100",
            "Webhotell Medium",
            "active",
            ymd(y - 7, 3, 1),
            None,
        ),
        (
            "SV101",
            "A100",
            "E-post Basis",
            "terminated",
            ymd(y - 5, 1, 10),
            Some(ymd(y - 2, 1, 10)),
        ),
        (
            "SV200",
            "A200",
            "Webhotell Bedrift",
            "active",
            ymd(y - 4, 6, 1),
            None,
        ),
        (
            "SV300",
            "A300",
            "Webbhotell Start",
            "active",
            ymd(y - 1, 9, 1),
            None,
        ),
    ];
    for (id, acct, product, status, start, end) in services {
        sqlx::query("INSERT INTO billing_services (id, account_id, product, status, started_on, ended_on) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(id).bind(acct).bind(product).bind(status).bind(start).bind(end)
            .execute(&mut *c).await?;
    }
    let domains = [
        (
            "D100",
            "A100",
            "1001",
            "kari-nordmann.no",
            ymd(y - 7, 5, 2),
            ymd(2027, 5, 2),
        ),
        (
            "D200",
            "A200",
            "2001",
            "nordlys-webbyra.no",
            ymd(y - 4, 6, 1),
            ymd(y + 1, 6, 1),
        ),
        // Lars registered his own domain through the company: registrant data he cannot
        // have erased while the domain is registered.
        (
            "D201",
            "A200",
            "2003",
            "larsjohansen.no",
            ymd(y - 2, 3, 14),
            ymd(y + 1, 3, 14),
        ),
        (
            "D300",
            "A300",
            "3001",
            "annasvensson.se",
            ymd(y - 1, 9, 1),
            ymd(y + 1, 9, 1),
        ),
    ];
    for (id, acct, registrant, domain, reg, exp) in domains {
        sqlx::query("INSERT INTO billing_domains (id, account_id, registrant_id, domain, registered_on, expires_on) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(id).bind(acct).bind(registrant).bind(domain).bind(reg).bind(exp)
            .execute(&mut *c).await?;
    }
    let invoices = [
        ("I100", "A100", format!("{y}-0042"), ymd(y, 1, 15), 14_900),
        (
            "I101",
            "A100",
            format!("{}-0317", y - 3),
            ymd(y - 3, 2, 15),
            12_900,
        ),
        (
            "I102",
            "A100",
            format!("{}-0108", y - 7),
            ymd(y - 7, 3, 15),
            99_00,
        ),
        ("I200", "A200", format!("{y}-0051"), ymd(y, 1, 20), 149_000),
        ("I300", "A300", format!("{y}-0077"), ymd(y, 2, 1), 8_900),
        // Kept for the bookkeeping rule after Jon's erasure.
        ("I504", "A504", format!("{y}-0093"), ymd(y, 2, 10), 4_900),
    ];
    for (id, acct, number, issued, amount) in invoices {
        let currency = if acct == "A300" { "SEK" } else { "NOK" };
        sqlx::query("INSERT INTO billing_invoices (id, account_id, number, issued_on, amount_minor, currency, status) VALUES ($1, $2, $3, $4, $5, $6, 'paid')")
            .bind(id).bind(acct).bind(number).bind(issued).bind(amount as i64).bind(currency)
            .execute(&mut *c).await?;
    }
    // Times are BIGINT: bound as numbers, since Postgres will not take text for them.
    sqlx::query("INSERT INTO billing_tickets (id, person_id, opened_at, subject, body, status) VALUES ($1, $2, $3, $4, $5, 'closed')")
        .bind("T100").bind("1001").bind(now).bind("Flytting av domene")
        .bind("Hei, jeg vil flytte kari-nordmann.no til dere. Hilsen Kari")
        .execute(&mut *c).await?;

    // 50 logins for Kari, one every 3 days back from now; a few for the others.
    let agents = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/140.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 19_0) Safari/605.1",
    ];
    let logins: Vec<(&str, i64)> = (0..50)
        .map(|i| ("1001", i))
        .chain((0..5).map(|i| ("2001", i)))
        .chain((0..5).map(|i| ("2002", i)))
        .chain((0..3).map(|i| ("3001", i)))
        .collect();
    for (person, i) in logins {
        sqlx::query("INSERT INTO billing_login_history (person_id, at, ip, user_agent) VALUES ($1, $2, $3, $4)")
            .bind(person)
            .bind(now - (50 - i) * 3 * 86_400)
            .bind(format!("203.0.113.{}", 10 + i))
            .bind(agents[(i % 2) as usize])
            .execute(&mut *c).await?;
    }
    seed_leads(c, today, now).await?;
    tx.commit().await?;
    tracing::info!("demo billing data seeded");
    Ok(())
}

/// Three leads: one marked "not relevant" more than six months ago (the lead rule
/// anonymises it), one marked so a month ago, and one still open.
async fn seed_leads(c: &mut AnyConnection, today: Date, now: i64) -> sqlx::Result<()> {
    let days_ago = |days: i64| format_iso_date(today - time::Duration::days(days));
    let leads = [
        (
            "L100",
            "Per Olsen",
            "per.olsen@example.no",
            "+4794567890",
            "Olsen Bygg AS",
            "Spurte om webhotell for fem nettsteder; valgte en annen leverandør.",
            "not_relevant",
            days_ago(300),
            now - 400 * 86_400,
        ),
        (
            "L101",
            "Marte Lie",
            "marte.lie@example.no",
            "",
            "Lie Design",
            "Ville ha en nettbutikkløsning vi ikke tilbyr.",
            "not_relevant",
            days_ago(30),
            now - 45 * 86_400,
        ),
        (
            "L102",
            "Jonas Bakke",
            "jonas.bakke@example.no",
            "+4795678901",
            "Bakke Regnskap AS",
            "Ønsker tilbud på bedriftspakke med e-post for ti ansatte.",
            "open",
            days_ago(7),
            now - 7 * 86_400,
        ),
    ];
    for (id, name, email, phone, company, note, status, changed, created) in leads {
        sqlx::query("INSERT INTO billing_leads (id, name, email, phone, company, note, status, status_changed_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
            .bind(id).bind(name).bind(email).bind(phone).bind(company).bind(note).bind(status).bind(changed).bind(created)
            .execute(&mut *c).await?;
    }
    Ok(())
}
