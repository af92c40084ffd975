//! The notice sender: claims pending rows of the outbox, words each notice in the person's
//! language (nb, sv, en) and delivers it, by SMTP when configured and to the log otherwise
//! (and always in demo mode).
//!
//! Several servers may share one database. A server claims a batch by writing its name and
//! a lease deadline on the rows (`SKIP LOCKED` on Postgres, so two servers never claim the
//! same row; SQLite serialises writers anyway); a server that dies mid-batch leaves rows
//! whose lease runs out, and another server picks them up. Delivery is therefore at least
//! once: a server killed after the mail server accepted a message but before the row was
//! marked sent makes it go out twice. Every message carries the notice id as its
//! `Message-ID`, so such a repeat is recognisable. Losing a notice the law requires would
//! be worse than a repeat.
//!
//! Once sent, a row keeps the kind, when, and which server sent it (`locked_by`); its
//! address is blanked. A failed attempt
//! is retried with a growing delay; after `max_attempts` (or at once, when the mail server
//! refuses permanently) the row is marked failed.
//!
//! The texts carry what the person needs to follow up — request id, dates, reasons — and
//! never personal data besides: no names, no contact details.

use std::str::FromStr;
use std::time::{Duration, Instant};

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use portal_domain::Locale;
use serde_json::Value;
use sqlx::FromRow;

use crate::config::mail::MailSettings;
use crate::store::db::{self, Backend, Db};

/// How notices leave the portal.
#[derive(Clone)]
pub enum Delivery {
    Smtp {
        transport: Box<AsyncSmtpTransport<Tokio1Executor>>,
        from: Mailbox,
    },
    /// Demo mode, or no mail server configured: the log says a notice was delivered.
    Log,
}

impl Delivery {
    pub fn from_settings(mail: &MailSettings, demo: bool) -> Result<Delivery, String> {
        let Some(url) = mail.smtp_url.as_deref().filter(|_| !demo) else {
            return Ok(Delivery::Log);
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|_| "PORTAL_SMTP_URL is not a usable SMTP URL".to_string())?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = Mailbox::from_str(&mail.from)
            .map_err(|_| "PORTAL_SMTP_FROM is not an e-mail address".to_string())?;
        Ok(Delivery::Smtp {
            transport: Box::new(transport),
            from,
        })
    }
}

/// How one server sends: its name on the rows it claims, how long a claim holds, how many
/// rows at a time, and when to give up on a notice.
#[derive(Debug, Clone)]
pub struct SendConfig {
    pub worker_id: String,
    pub lease_seconds: i64,
    pub batch: i64,
    pub max_attempts: i64,
    /// The controller's name, to sign the notices with.
    pub signature: String,
}

/// A notice claimed for delivery.
#[derive(Debug, Clone, FromRow)]
pub struct ClaimedNotice {
    pub id: String,
    pub person_id: String,
    pub recipient: String,
    pub locale: String,
    pub kind: String,
    pub params: String,
    pub attempts: i64,
    pub created_at: i64,
}

/// What one round of sending did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryReport {
    pub claimed: usize,
    pub sent: usize,
    /// Failed this time; tried again later.
    pub retrying: usize,
    /// Given up on.
    pub failed: usize,
}

/// Claims up to `batch` pending notices whose lease (if any) has run out, oldest first.
pub async fn claim(db: &Db, config: &SendConfig, now: i64) -> sqlx::Result<Vec<ClaimedNotice>> {
    // Postgres: rows another server is claiming right now are skipped, not waited for.
    // SQLite has no row locks; its one writer at a time does the same job.
    let lock = match db::backend(db) {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE outbox SET locked_by = $1, locked_until = $2 WHERE id IN (\
             SELECT id FROM outbox WHERE status = 'pending' AND locked_until <= $3 \
             ORDER BY created_at, id LIMIT $4 {lock}) \
         RETURNING id, person_id, recipient, locale, kind, params, attempts, created_at"
    );
    let mut tx = db::begin_write(db).await?;
    let mut rows: Vec<ClaimedNotice> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(&config.worker_id)
        .bind(now + config.lease_seconds)
        .bind(now)
        .bind(config.batch)
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    // RETURNING gives no order; send oldest first all the same.
    rows.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    Ok(rows)
}

/// Claims a batch and delivers it. `now` is the portal's clock (tests move it).
pub async fn deliver_due(
    db: &Db,
    delivery: &Delivery,
    config: &SendConfig,
    now: i64,
) -> sqlx::Result<DeliveryReport> {
    let claimed_at = Instant::now();
    let notices = claim(db, config, now).await?;
    let mut report = DeliveryReport {
        claimed: notices.len(),
        ..DeliveryReport::default()
    };
    // Stop well before the lease runs out: past it, another server may take the same rows.
    let margin = Duration::from_secs((config.lease_seconds.max(1) as u64).div_ceil(4));
    let good_until = claimed_at + Duration::from_secs(config.lease_seconds.max(1) as u64) - margin;
    for notice in notices {
        if Instant::now() >= good_until {
            tracing::warn!(notice = %notice.id, "lease running out: leaving the rest to a later round");
            break;
        }
        let outcome = send_one(delivery, config, &notice).await;
        let elapsed = claimed_at.elapsed().as_secs() as i64;
        match outcome {
            Ok(()) => {
                mark_sent(db, config, &notice, now + elapsed).await?;
                report.sent += 1;
            }
            Err(failure) => {
                if mark_failed(db, config, &notice, &failure, now + elapsed).await? {
                    report.failed += 1;
                } else {
                    report.retrying += 1;
                }
            }
        }
    }
    Ok(report)
}

/// Why a notice did not go out: a short reason for the row, never the address or the text.
#[derive(Debug, Clone)]
pub struct Failure {
    pub reason: String,
    /// Trying again cannot help (the mail server refused for good, the notice cannot be
    /// worded).
    pub permanent: bool,
}

async fn send_one(
    delivery: &Delivery,
    config: &SendConfig,
    notice: &ClaimedNotice,
) -> Result<(), Failure> {
    let locale = Locale::parse(&notice.locale).unwrap_or_default();
    let params: Value = serde_json::from_str(&notice.params).unwrap_or(Value::Null);
    let Some(text) = render(&notice.kind, locale, &params, &config.signature) else {
        return Err(Failure {
            reason: "unknown notice kind".into(),
            permanent: true,
        });
    };
    match delivery {
        Delivery::Log => {
            tracing::info!(notice = %notice.id, kind = %notice.kind, "notice delivered to log");
            Ok(())
        }
        Delivery::Smtp { transport, from } => {
            let to = Mailbox::from_str(notice.recipient.trim()).map_err(|_| Failure {
                reason: "no usable address".into(),
                permanent: true,
            })?;
            let message = Message::builder()
                .from(from.clone())
                .to(to)
                .subject(text.subject)
                .message_id(Some(format!("<{}@privacy-portal>", notice.id)))
                .header(ContentType::TEXT_PLAIN)
                .body(text.body)
                .map_err(|_| Failure {
                    reason: "message could not be built".into(),
                    permanent: true,
                })?;
            match transport.send(message).await {
                Ok(_) => {
                    tracing::info!(notice = %notice.id, kind = %notice.kind, "notice sent");
                    Ok(())
                }
                Err(e) => {
                    // The server's reply text may quote the address: keep only its code.
                    let reason = match e.status() {
                        Some(code) => format!("smtp {code}"),
                        None if e.is_timeout() => "smtp timeout".into(),
                        None => "smtp connection failed".into(),
                    };
                    tracing::warn!(notice = %notice.id, kind = %notice.kind, reason = %reason, "notice not sent");
                    Err(Failure {
                        reason,
                        permanent: e.is_permanent(),
                    })
                }
            }
        }
    }
}

async fn mark_sent(
    db: &Db,
    config: &SendConfig,
    notice: &ClaimedNotice,
    now: i64,
) -> sqlx::Result<()> {
    let done = sqlx::query(
        "UPDATE outbox SET status = 'sent', sent_at = $1, recipient = '', attempts = attempts + 1, \
         locked_until = 0, last_error = NULL WHERE id = $2 AND locked_by = $3",
    )
    .bind(now)
    .bind(&notice.id)
    .bind(&config.worker_id)
    .execute(db)
    .await?;
    if done.rows_affected() != 1 {
        // Only when the lease ran out mid-send and another server claimed the row.
        tracing::warn!(notice = %notice.id, "notice sent after its lease ran out");
    }
    Ok(())
}

/// The delay before attempt `attempts + 1`: half a minute, doubling, at most six hours.
pub fn backoff_seconds(attempts: i64) -> i64 {
    let exp = attempts.clamp(1, 20) - 1;
    (30i64 << exp).min(6 * 3600)
}

/// Records a failed attempt. Returns whether the notice is now given up on.
async fn mark_failed(
    db: &Db,
    config: &SendConfig,
    notice: &ClaimedNotice,
    failure: &Failure,
    now: i64,
) -> sqlx::Result<bool> {
    let attempts = notice.attempts + 1;
    let give_up = failure.permanent || attempts >= config.max_attempts;
    let (status, retry_at) = if give_up {
        ("failed", 0)
    } else {
        ("pending", now + backoff_seconds(attempts))
    };
    sqlx::query(
        "UPDATE outbox SET status = $1, attempts = attempts + 1, locked_by = NULL, locked_until = $2, \
         last_error = $3 WHERE id = $4 AND locked_by = $5",
    )
    .bind(status)
    .bind(retry_at)
    .bind(&failure.reason)
    .bind(&notice.id)
    .bind(&config.worker_id)
    .execute(db)
    .await?;
    if give_up {
        tracing::error!(notice = %notice.id, kind = %notice.kind, attempts, reason = %failure.reason, "notice given up");
    }
    Ok(give_up)
}

// ---------------------------------------------------------------------------- texts

/// A notice as it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub body: String,
}

/// Words a notice of `kind` in `locale`. `params` may hold `request_id`, `request_kind`
/// (`erasure`, `restriction`), `due_on` (YYYY-MM-DD), `reason`, `note`, and for
/// `admin_acted` the audit `action`, its `fields` and the day (`on`). Missing values are
/// left out of the text. `None` for a kind this sender does not know.
pub fn render(kind: &str, locale: Locale, params: &Value, signature: &str) -> Option<Rendered> {
    let p = |key: &str| params.get(key).and_then(Value::as_str).unwrap_or("").trim();
    let id = p("request_id");
    let due = p("due_on");
    let reason = p("reason");
    let note = if p("question").is_empty() {
        p("note")
    } else {
        p("question")
    };
    let l = |nb: &str, sv: &str, en: &str| -> String {
        match locale {
            Locale::Nb => nb.to_string(),
            Locale::Sv => sv.to_string(),
            Locale::En => en.to_string(),
        }
    };
    // " (ref. X)" when there is a request id.
    let reference = if id.is_empty() {
        String::new()
    } else {
        l(
            &format!(" (referanse {id})"),
            &format!(" (referens {id})"),
            &format!(" (reference {id})"),
        )
    };
    let request_kind = if p("request_kind").is_empty() {
        p("kind")
    } else {
        p("request_kind")
    };
    let kind_word = match request_kind {
        "erasure" => l("om sletting", "om radering", "for erasure"),
        "restriction" => l("om begrensning", "om begränsning", "for restriction"),
        _ => String::new(),
    };
    let with = |label: (&str, &str, &str), value: &str| -> String {
        if value.is_empty() {
            String::new()
        } else {
            format!("\n\n{}: {value}", l(label.0, label.1, label.2))
        }
    };
    let reason_line = with(("Begrunnelse", "Skäl", "Reason"), reason);
    let portal = l(
        "Du kan følge saken i personvernportalen.",
        "Du kan följa ärendet i integritetsportalen.",
        "You can follow it in the privacy portal.",
    );

    let (subject, body) = match kind {
        "request_received" => (
            l(
                "Vi har mottatt forespørselen din",
                "Vi har tagit emot din begäran",
                "We have received your request",
            ),
            format!(
                "{}{reference}.{}\n\n{portal}",
                l(
                    &format!("Vi har mottatt forespørselen din {kind_word}"),
                    &format!("Vi har tagit emot din begäran {kind_word}"),
                    &format!("We have received your request {kind_word}"),
                )
                .trim_end(),
                if due.is_empty() {
                    String::new()
                } else {
                    l(
                        &format!(" Du får svar senest {due}."),
                        &format!(" Du får svar senast {due}."),
                        &format!(" We will answer by {due}."),
                    )
                },
            ),
        ),
        "request_extended" => (
            l(
                "Fristen for forespørselen din er forlenget",
                "Tidsfristen för din begäran har förlängts",
                "The deadline for your request has been extended",
            ),
            format!(
                "{}{reference}.{}{reason_line}\n\n{portal}",
                l(
                    "Vi trenger mer tid til å behandle forespørselen din",
                    "Vi behöver mer tid för att hantera din begäran",
                    "We need more time to handle your request",
                ),
                if due.is_empty() {
                    String::new()
                } else {
                    l(
                        &format!(" Ny frist er {due}."),
                        &format!(" Den nya tidsfristen är {due}."),
                        &format!(" The new deadline is {due}."),
                    )
                },
            ),
        ),
        "information_needed" => (
            l(
                "Vi trenger mer informasjon om forespørselen din",
                "Vi behöver mer information om din begäran",
                "We need more information about your request",
            ),
            format!(
                "{}{reference}.{}\n\n{}",
                l(
                    "For å behandle forespørselen din trenger vi mer informasjon fra deg",
                    "För att hantera din begäran behöver vi mer information från dig",
                    "To handle your request we need more information from you",
                ),
                with(("Det vi trenger", "Det vi behöver", "What we need"), note),
                l(
                    "Svar i personvernportalen. Fristen står stille til vi har svaret ditt.",
                    "Svara i integritetsportalen. Tidsfristen står still tills vi har ditt svar.",
                    "Please answer in the privacy portal. The deadline is paused until we have your answer.",
                ),
            ),
        ),
        "request_rejected" => (
            l(
                "Forespørselen din er avgjort",
                "Din begäran har avgjorts",
                "Your request has been decided",
            ),
            format!(
                "{}{reference}.{reason_line}\n\n{}",
                l(
                    "Vi har avslått forespørselen din",
                    "Vi har avslagit din begäran",
                    "We have rejected your request",
                ),
                complaint_route(p("complaint_authority"), p("complaint_url"), locale),
            ),
        ),
        "request_completed" => (
            l(
                "Forespørselen din er gjennomført",
                "Din begäran har genomförts",
                "Your request has been carried out",
            ),
            format!(
                "{}{reference}.\n\n{}{}",
                l(
                    "Vi har gjennomført forespørselen din",
                    "Vi har genomfört din begäran",
                    "We have carried out your request",
                ),
                l(
                    "I personvernportalen ser du hva som er gjort, hva som er beholdt og hvor lenge.",
                    "I integritetsportalen ser du vad som har gjorts, vad som sparas och hur länge.",
                    "The privacy portal shows what was done, what is kept and until when.",
                ),
                match params.get("backup_retention_days").and_then(Value::as_u64) {
                    Some(days) => l(
                        &format!(" Kopier i sikkerhetskopier slettes innen {days} dager."),
                        &format!(" Kopior i säkerhetskopior raderas inom {days} dagar."),
                        &format!(" Copies in backups expire within {days} days."),
                    ),
                    None => String::new(),
                },
            ),
        ),
        "restriction_lifting" => (
            l(
                "Begrensningen av behandlingen oppheves",
                "Begränsningen av behandlingen hävs",
                "The restriction of processing will be lifted",
            ),
            format!(
                "{}{reference}.{reason_line}\n\n{portal}",
                l(
                    "Begrensningen av behandlingen av opplysningene dine oppheves",
                    "Begränsningen av behandlingen av dina uppgifter hävs",
                    "The restriction of the processing of your data will be lifted",
                ),
            ),
        ),
        "admin_acted" => {
            let action = p("action");
            let fields: Vec<String> = params
                .get("fields")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(|f| field_name(f, locale))
                        .collect()
                })
                .unwrap_or_default();
            let on = p("on");
            let what = admin_action(action, locale, &fields);
            (
                l(
                    "Administratoren din har gjort en endring for deg",
                    "Din administratör har gjort en ändring åt dig",
                    "Your administrator made a change for you",
                ),
                format!(
                    "{}{}\n\n{}",
                    l(
                        "Administratoren for firmakontoen din har ",
                        "Administratören för ditt företagskonto har ",
                        "The administrator of your company account has ",
                    ),
                    if on.is_empty() {
                        format!("{what}.")
                    } else {
                        format!("{what} ({on}).")
                    },
                    l(
                        "I personvernportalen ser du hva som ble gjort og når.",
                        "I integritetsportalen ser du vad som gjordes och när.",
                        "The privacy portal shows what was done and when.",
                    ),
                ),
            )
        }
        _ => return None,
    };
    let greeting = l("Vennlig hilsen", "Vänliga hälsningar", "Kind regards");
    Some(Rendered {
        subject,
        body: format!("{body}\n\n{greeting}\n{signature}\n"),
    })
}

/// Where to complain, with the authority and its address when the notice names them.
fn complaint_route(authority: &str, url: &str, locale: Locale) -> String {
    let whom = match (authority.is_empty(), url.is_empty()) {
        (true, _) => None,
        (false, true) => Some(authority.to_string()),
        (false, false) => Some(format!("{authority} ({url})")),
    };
    match (locale, whom) {
        (Locale::Nb, Some(w)) => format!("Er du uenig, kan du klage til {w}."),
        (Locale::Sv, Some(w)) => format!("Om du inte håller med kan du klaga hos {w}."),
        (Locale::En, Some(w)) => format!("If you disagree, you may complain to {w}."),
        (Locale::Nb, None) => {
            "Er du uenig, kan du klage til tilsynsmyndigheten. Personvernportalen viser hvordan."
                .into()
        }
        (Locale::Sv, None) => {
            "Om du inte håller med kan du klaga hos tillsynsmyndigheten. Integritetsportalen visar hur."
                .into()
        }
        (Locale::En, None) => {
            "If you disagree, you may complain to the supervisory authority. The privacy portal shows how."
                .into()
        }
    }
}

/// What an admin did, as the rest of a sentence ("…has corrected your phone").
fn admin_action(action: &str, locale: Locale, fields: &[String]) -> String {
    let list = fields.join(", ");
    let (nb, sv, en) = match action {
        "contact.corrected" => (
            format!("rettet kontaktopplysningene dine ({list})"),
            format!("rättat dina kontaktuppgifter ({list})"),
            format!("corrected your contact details ({list})"),
        ),
        "newsletter.unsubscribed" => (
            "meldt deg av nyhetsbrevet".into(),
            "avregistrerat dig från nyhetsbrevet".into(),
            "unsubscribed you from the newsletter".into(),
        ),
        "newsletter.subscribed" => (
            "meldt deg på nyhetsbrevet".into(),
            "registrerat dig för nyhetsbrevet".into(),
            "subscribed you to the newsletter".into(),
        ),
        "purpose.switched_off" => (
            format!("slått av et behandlingsformål ({list})"),
            format!("stängt av ett behandlingsändamål ({list})"),
            format!("switched off a processing purpose ({list})"),
        ),
        "purpose.switched_on" => (
            format!("slått på et behandlingsformål ({list})"),
            format!("slagit på ett behandlingsändamål ({list})"),
            format!("switched on a processing purpose ({list})"),
        ),
        "request.filed" => (
            format!("sendt inn en forespørsel på dine vegne ({list})"),
            format!("lämnat in en begäran för din räkning ({list})"),
            format!("filed a request on your behalf ({list})"),
        ),
        "request.answered" => (
            "svart på et spørsmål om en forespørsel på dine vegne".into(),
            "besvarat en fråga om en begäran för din räkning".into(),
            "answered a question about a request on your behalf".into(),
        ),
        "request.withdrawn" => (
            "trukket tilbake en forespørsel på dine vegne".into(),
            "återkallat en begäran för din räkning".into(),
            "withdrawn a request on your behalf".into(),
        ),
        _ => (
            "gjort en endring i opplysningene dine".into(),
            "gjort en ändring i dina uppgifter".into(),
            "made a change to your data".into(),
        ),
    };
    match locale {
        Locale::Nb => nb,
        Locale::Sv => sv,
        Locale::En => en,
    }
}

/// A field or request-kind name in the person's language; unknown names as they are.
fn field_name(field: &str, locale: Locale) -> String {
    let (nb, sv, en) = match field {
        "name" => ("navn", "namn", "name"),
        "email" => ("e-post", "e-post", "e-mail"),
        "phone" => ("telefon", "telefon", "phone"),
        "street" => ("gateadresse", "gatuadress", "street"),
        "postal_code" => ("postnummer", "postnummer", "postal code"),
        "city" => ("poststed", "ort", "city"),
        "country" => ("land", "land", "country"),
        "company" => ("firma", "företag", "company"),
        "language" => ("språk", "språk", "language"),
        "erasure" => ("sletting", "radering", "erasure"),
        "restriction" => ("begrensning", "begränsning", "restriction"),
        other => (other, other, other),
    };
    match locale {
        Locale::Nb => nb,
        Locale::Sv => sv,
        Locale::En => en,
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const KINDS: [&str; 7] = [
        "request_received",
        "request_extended",
        "information_needed",
        "request_rejected",
        "request_completed",
        "admin_acted",
        "restriction_lifting",
    ];

    #[test]
    fn every_kind_has_a_text_in_every_language() {
        let params = json!({
            "request_id": "R-1", "request_kind": "erasure", "due_on": "2031-01-31",
            "reason": "a reason", "note": "a note", "action": "contact.corrected",
            "fields": ["phone"], "on": "2031-01-01",
        });
        for kind in KINDS {
            let texts: Vec<Rendered> = Locale::ALL
                .iter()
                .map(|l| render(kind, *l, &params, "Eksempel Hosting AS").unwrap())
                .collect();
            for t in &texts {
                assert!(!t.subject.is_empty() && !t.body.is_empty(), "{kind}: {t:?}");
                assert!(t.body.contains("Eksempel Hosting AS"), "{kind}: {t:?}");
                assert!(!t.body.contains("{"), "{kind}: unfilled placeholder: {t:?}");
            }
            assert_ne!(texts[0].subject, texts[1].subject, "{kind}: nb = sv");
            assert_ne!(texts[0].subject, texts[2].subject, "{kind}: nb = en");
        }
        assert_eq!(render("no_such_kind", Locale::En, &params, "x"), None);
    }

    #[test]
    fn texts_carry_the_request_date_and_reason() {
        let params =
            json!({ "request_id": "R-7", "due_on": "2031-03-31", "reason": "many records" });
        let t = render("request_extended", Locale::En, &params, "x").unwrap();
        assert!(t.body.contains("R-7"), "{t:?}");
        assert!(t.body.contains("2031-03-31"), "{t:?}");
        assert!(t.body.contains("many records"), "{t:?}");
    }

    #[test]
    fn an_admins_change_names_the_fields_in_the_persons_language() {
        let params = json!({ "action": "contact.corrected", "fields": ["phone", "city"], "on": "2031-01-01" });
        let nb = render("admin_acted", Locale::Nb, &params, "x").unwrap();
        assert!(nb.body.contains("telefon, poststed"), "{nb:?}");
        let sv = render("admin_acted", Locale::Sv, &params, "x").unwrap();
        assert!(sv.body.contains("telefon, ort"), "{sv:?}");
    }

    #[test]
    fn the_keys_the_decisions_write_are_used() {
        let rejected = json!({ "request_id": "R-9", "reason": "no grounds",
            "complaint_authority": "Datatilsynet", "complaint_url": "https://www.datatilsynet.no" });
        let t = render("request_rejected", Locale::Nb, &rejected, "x").unwrap();
        assert!(
            t.body
                .contains("Datatilsynet (https://www.datatilsynet.no)"),
            "{t:?}"
        );
        let question = json!({ "request_id": "R-9", "question": "Which address?" });
        let t = render("information_needed", Locale::En, &question, "x").unwrap();
        assert!(t.body.contains("Which address?"), "{t:?}");
        let completed =
            json!({ "request_id": "R-9", "kind": "erasure", "backup_retention_days": 180 });
        let t = render("request_completed", Locale::Sv, &completed, "x").unwrap();
        assert!(t.body.contains("180 dagar"), "{t:?}");
    }

    #[test]
    fn missing_values_are_left_out() {
        let t = render("request_received", Locale::Nb, &json!({}), "x").unwrap();
        assert!(!t.body.contains("referanse"), "{t:?}");
        assert!(!t.body.contains("senest"), "{t:?}");
    }

    #[test]
    fn the_delay_grows_and_is_capped() {
        assert_eq!(backoff_seconds(1), 30);
        assert_eq!(backoff_seconds(2), 60);
        assert_eq!(backoff_seconds(3), 120);
        assert_eq!(backoff_seconds(50), 6 * 3600);
    }
}
