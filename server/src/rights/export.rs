//! Portability (GDPR art. 20): everything held about a person as one JSON document,
//! indented for a person to read, or as an HTML page with the same content in their
//! language (every text the portal writes into either is in that language).
//!
//! The document is streamed while the client reads (see `billing::export`): the portal
//! writes its own records and the billing system its own, category by category, from one
//! consistent view of the billing data. Memory stays flat whatever the size of the
//! account. A failure midway aborts the body, so a client never mistakes a truncated
//! export for a whole one.

use futures::Stream;
use portal_domain::Locale;
use portal_domain::api::{DataCategory, EXPORT_SCHEMA_VERSION};
use serde_json::json;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};

use crate::billing::export::{Chunk, ExportFailure, ExportFormat, ExportResult};
use crate::billing::{self, ExportSource, ExportWriter};
use crate::error::ApiResult;
use crate::rights::access::Holdings;
use crate::rights::subject::Subject;
use crate::rights::{contact_changes, preferences, rectification, requests};
use crate::state::AppState;

/// A rough size for a progress bar: the login history dominates large exports.
pub fn estimated_bytes(h: &Holdings) -> u64 {
    16 * 1024 + h.logins() * 110 + h.billing.invoices.len() as u64 * 150
}

/// Which form of the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// JSON, indented.
    Json,
    /// An HTML page in the person's language.
    Html,
}

impl Form {
    pub fn parse(s: Option<&str>) -> Option<Form> {
        match s {
            None | Some("json") => Some(Form::Json),
            Some("html") => Some(Form::Html),
            _ => None,
        }
    }
}

/// Who may export now: a few at a time (`ExportLimits::concurrent`), one export per person
/// and account, each within its deadline.
pub struct ExportSlots {
    global: Arc<Semaphore>,
    running: Mutex<HashSet<(String, String)>>,
    deadline: std::time::Duration,
}

/// One running export's place, given back when the export ends however it ends.
pub struct ExportSlot {
    _permit: OwnedSemaphorePermit,
    key: (String, String),
    slots: Arc<ExportSlots>,
}

impl Drop for ExportSlot {
    fn drop(&mut self) {
        if let Ok(mut running) = self.slots.running.lock() {
            running.remove(&self.key);
        }
    }
}

/// How long a caller refused an export is told to wait before trying again.
const EXPORT_RETRY_SECONDS: u64 = 10;

impl ExportSlots {
    pub fn new(limits: crate::config::settings::ExportLimits) -> Arc<ExportSlots> {
        Arc::new(ExportSlots {
            global: Arc::new(Semaphore::new(limits.concurrent.max(1) as usize)),
            running: Mutex::new(HashSet::new()),
            deadline: limits.deadline,
        })
    }

    /// A place for an export of `person` on `account`, or `429`: while they have one
    /// running, or while all places are taken.
    pub fn take(self: &Arc<Self>, account: &str, person: &str) -> ApiResult<ExportSlot> {
        let busy = crate::error::ApiError::RateLimited {
            retry_after_seconds: EXPORT_RETRY_SECONDS,
        };
        let key = (account.to_string(), person.to_string());
        let mut running = self
            .running
            .lock()
            .map_err(|_| crate::error::ApiError::Internal("export slots poisoned".into()))?;
        if running.contains(&key) {
            tracing::info!(person, "export refused: one is already running");
            return Err(busy);
        }
        let Ok(permit) = self.global.clone().try_acquire_owned() else {
            tracing::info!(person, "export refused: all export places are taken");
            return Err(busy);
        };
        running.insert(key.clone());
        Ok(ExportSlot {
            _permit: permit,
            key,
            slots: Arc::clone(self),
        })
    }

    /// Exports running now.
    pub fn running(&self) -> usize {
        self.running.lock().map_or(0, |r| r.len())
    }
}

/// Starts writing the export in `locale` and returns the body stream. The export holds
/// `slot` until it ends: delivered, abandoned by its reader, failed, or cut off at its
/// deadline.
pub fn stream(
    state: AppState,
    subject: Subject,
    holdings: Holdings,
    form: Form,
    locale: Locale,
    slot: ExportSlot,
) -> impl Stream<Item = Chunk> + Send {
    let (tx, mut rx) = mpsc::channel(4);
    // Set when the export fails or is cut off: the body then ends in an error, so the
    // connection is cut and the reader never takes what it got for the whole file.
    let failed = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let failed_in_task = Arc::clone(&failed);
    tokio::spawn(async move {
        let format = match form {
            Form::Json => ExportFormat::Json { pretty: true },
            Form::Html => ExportFormat::Html {
                lang: locale.code(),
                title: pick(
                    locale,
                    [
                        "Dine personopplysninger",
                        "Dina personuppgifter",
                        "Your personal data",
                    ],
                ),
                label: match locale {
                    Locale::Nb => label_nb,
                    Locale::Sv => label_sv,
                    Locale::En => label_en,
                },
                yes_no: match locale {
                    Locale::Nb => ("ja", "nei"),
                    Locale::Sv => ("ja", "nej"),
                    Locale::En => ("yes", "no"),
                },
            },
        };
        let mut w = ExportWriter::with_format(tx.clone(), format);
        let person = subject.person.id.clone();
        let deadline = slot.slots.deadline;
        let result = tokio::time::timeout(deadline, async {
            let mut source = state
                .billing
                .export(&subject.person, &subject.account)
                .await?;
            write(&mut w, source.as_mut(), &state, &subject, &holdings, locale).await?;
            w.flush().await
        })
        .await
        .unwrap_or_else(|_| {
            Err(ExportFailure::Failed(format!(
                "not read within its deadline of {} s",
                deadline.as_secs_f64()
            )))
        });
        drop(slot);
        match result {
            Ok(()) => tracing::info!(person = %person, "export delivered"),
            Err(ExportFailure::ClientGone) => {
                tracing::info!(person = %person, "export abandoned by the client")
            }
            Err(ExportFailure::Failed(e)) => {
                tracing::error!(person = %person, error = %e, "export failed midway");
                failed_in_task.store(true, std::sync::atomic::Ordering::SeqCst);
                // What is queued is still sent; the end of the body is the error.
                drop(tx);
            }
        }
    });
    let mut reported = false;
    futures::stream::poll_fn(move |cx| match rx.poll_recv(cx) {
        std::task::Poll::Ready(None)
            if !reported && failed.load(std::sync::atomic::Ordering::SeqCst) =>
        {
            reported = true;
            std::task::Poll::Ready(Some(Err(std::io::Error::other("export failed"))))
        }
        other => other,
    })
}

fn rfc3339(ts: i64) -> String {
    crate::clock::from_unix(ts)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn portal(e: crate::error::ApiError) -> ExportFailure {
    ExportFailure::Failed(e.to_string())
}

/// `"category": {"about": …, "records": {` — the caller writes the records and closes
/// both.
async fn begin_category(
    w: &mut ExportWriter,
    state: &AppState,
    h: &Holdings,
    category: DataCategory,
    l: Locale,
) -> ExportResult {
    w.begin_object(category.key());
    let recipients = h.recipients(&state.operator);
    let c = state
        .operator
        .category_overview(category, h.records(category), &recipients);
    // In the person's language: the export holds no text in another.
    let about = json!({
        "title": c.title.get(l),
        "description": c.description.get(l),
        "records": c.records,
        "purposes": c.purposes.iter().map(|p| json!({
            "key": p.key,
            "title": p.title.get(l),
            "legal_basis": p.legal_basis,
        })).collect::<Vec<_>>(),
        "recipients": c.recipients.iter().map(|r| json!({
            "key": r.key,
            "name": r.name.get(l),
            "role": r.role.get(l),
            "country": r.country,
        })).collect::<Vec<_>>(),
        "retention": c.retention.get(l),
    });
    w.member("about", &about).await?;
    w.begin_object("records");
    Ok(())
}

async fn end_category(w: &mut ExportWriter) -> ExportResult {
    w.end().await?;
    w.end().await
}

async fn write(
    w: &mut ExportWriter,
    source: &mut dyn ExportSource,
    state: &AppState,
    subject: &Subject,
    h: &Holdings,
    l: Locale,
) -> ExportResult {
    let op = &state.operator;
    let person = &subject.person;
    let account = &subject.account;

    w.begin_document();
    w.member("schema_version", EXPORT_SCHEMA_VERSION).await?;
    w.member("generated_at", &rfc3339(state.clock.unix()))
        .await?;
    let c = op.controller_info();
    w.member(
        "controller",
        &json!({
            "name": c.name,
            "org_number": c.org_number,
            "address": c.address,
            "email": c.email,
            "country": c.country,
            "dpo_name": c.dpo_name.as_ref().map(|d| d.get(l)),
            "dpo_email": c.dpo_email,
        }),
    )
    .await?;
    w.member("supervisory_authority", &op.authority()).await?;
    w.member("subject", &billing::summary(person, account))
        .await?;
    w.member(
        "retention",
        &json!({
            "erasure_days": op.retention.erasure_days,
            "backup_retention_days": op.retention.backup_days,
            "invoice_years_after_accounting_year": op.retention.invoice_years,
        }),
    )
    .await?;

    w.begin_object("categories");
    for category in DataCategory::ALL {
        begin_category(w, state, h, category, l).await?;
        match category {
            DataCategory::Identification => {
                w.member("name", person.name()).await?;
                w.member("personnummer", &person.personnummer).await?;
            }
            DataCategory::Contact => {
                let contact = rectification::view(state, subject).await.map_err(portal)?;
                let details = serde_json::to_value(&contact.details)
                    .map_err(|e| ExportFailure::Failed(e.to_string()))?;
                for (field, value) in details.as_object().into_iter().flatten() {
                    w.member(field, value).await?;
                }
                source.write(category, w).await?;
                w.end().await?;
                // The version sits beside the records: it is the export's, not the person's.
                w.member("version", &contact.version).await?;
                w.end().await?;
                continue;
            }
            DataCategory::CustomerRelationship => {
                let mut about = json!({
                    "id": account.id,
                    "kind": account.kind,
                    "name": account.name,
                    "org_number": account.org_number,
                    "country": account.country,
                });
                // Only a company account has an admin to be.
                if account.kind == portal_domain::api::AccountKind::Company {
                    about["you_are_account_admin"] = json!(person.is_admin);
                }
                w.member("account", &about).await?;
            }
            DataCategory::History => {
                let mut conn = state.db.acquire().await?;
                let changes = contact_changes::of(&mut conn, &account.id, &person.id).await?;
                w.member("contact_changes", &changes).await?;
            }
            DataCategory::Marketing => {
                let newsletter = preferences::newsletter_of(state, person, account)
                    .await
                    .map_err(portal)?;
                w.member("newsletter", &newsletter).await?;
            }
            DataCategory::Consents => {
                let mut conn = state.db.acquire().await?;
                let purposes =
                    preferences::purposes(&mut conn, op, &account.id, &person.id).await?;
                let purposes_in_l: Vec<_> = purposes
                    .purposes
                    .iter()
                    .map(|p| {
                        json!({
                            "key": p.key,
                            "title": p.title.get(l),
                            "description": p.description.get(l),
                            "legal_basis": p.legal_basis,
                            "can_opt_out": p.can_opt_out,
                            "active": p.active,
                        })
                    })
                    .collect();
                w.member("purposes", &purposes_in_l).await?;
                w.member("history", &purposes.history).await?;
            }
            DataCategory::AutomaticallyCollected => {}
        }
        source.write(category, w).await?;
        if category == DataCategory::CustomerRelationship {
            w.member(
                "card_data",
                pick(
                    l,
                    [
                        "lagres ikke hos oss; betalingsformidleren har dem",
                        "sparas inte hos oss; betalningsförmedlaren har dem",
                        "not stored by the controller; held by the payment provider",
                    ],
                ),
            )
            .await?;
        }
        end_category(w).await?;
    }
    w.end().await?;

    let mut conn = state.db.acquire().await?;
    let requests = requests::list(&mut conn, &account.id, &person.id)
        .await
        .map_err(portal)?;
    w.member("requests", &requests).await?;
    w.end().await
}

fn pick(l: Locale, t: [&'static str; 3]) -> &'static str {
    t[match l {
        Locale::Nb => 0,
        Locale::Sv => 1,
        Locale::En => 2,
    }]
}

/// The words of the HTML export's headings and labels: `[nb, sv, en]` per key; a key
/// not here is shown as it is.
fn label3(key: &str) -> Option<[&'static str; 3]> {
    Some(match key {
        "schema_version" => ["Formatversjon", "Formatversion", "Format version"],
        "account_id" => ["Kundenummer", "Kundnummer", "Account number"],
        "account_kind" => ["Kontotype", "Kontotyp", "Account type"],
        "account_name" => ["Kontonavn", "Kontonamn", "Account name"],
        "actor" => ["Utført av", "Utfört av", "Done by"],
        "address" => ["Adresse", "Adress", "Address"],
        "backup_retention_days" => [
            "Dager i sikkerhetskopier",
            "Dagar i säkerhetskopior",
            "Days in backups",
        ],
        "can_opt_out" => ["Kan reserveres mot", "Kan avböjas", "Can be opted out of"],
        "changed_at" => ["Endret", "Ändrad", "Changed"],
        "display_name" => ["Visningsnavn", "Visningsnamn", "Display name"],
        "domain" => ["Domene", "Domän", "Domain"],
        "dpo_email" => [
            "Personvernombudets e-post",
            "Dataskyddsombudets e-post",
            "The data protection officer's e-mail",
        ],
        "dpo_name" => [
            "Personvernombud",
            "Dataskyddsombud",
            "Data protection officer",
        ],
        "erasure_days" => [
            "Dager til sletting",
            "Dagar till radering",
            "Days until erasure",
        ],
        "invoice_years_after_accounting_year" => [
            "År fakturaer lagres etter regnskapsåret",
            "År fakturor sparas efter räkenskapsåret",
            "Years invoices are kept after the accounting year",
        ],
        "key" => ["Nøkkel", "Nyckel", "Key"],
        "new_active" => ["Ny verdi", "Nytt värde", "New value"],
        "old_active" => ["Tidligere verdi", "Tidigare värde", "Previous value"],
        "org_number" => [
            "Organisasjonsnummer",
            "Organisationsnummer",
            "Organisation number",
        ],
        "person_id" => ["Person-ID", "Person-id", "Person id"],
        "purpose" => ["Formål", "Ändamål", "Purpose"],
        "role" => ["Rolle", "Roll", "Role"],
        "url" => ["Nettadresse", "Webbadress", "Web address"],
        "version" => ["Versjon", "Version", "Version"],
        "generated_at" => ["Laget", "Skapad", "Made"],
        "controller" => [
            "Behandlingsansvarlig",
            "Personuppgiftsansvarig",
            "Controller",
        ],
        "supervisory_authority" => [
            "Tilsynsmyndighet",
            "Tillsynsmyndighet",
            "Supervisory authority",
        ],
        "subject" => [
            "Hvem opplysningene gjelder",
            "Vem uppgifterna gäller",
            "Whom the data is about",
        ],
        "retention" => ["Lagringstid", "Lagringstid", "Retention"],
        "categories" => ["Kategorier", "Kategorier", "Categories"],
        "identification" => ["Identifikasjon", "Identifiering", "Identification"],
        "contact" => ["Kontaktopplysninger", "Kontaktuppgifter", "Contact details"],
        "customer_relationship" => ["Kundeforhold", "Kundförhållande", "Customer relationship"],
        "history" => ["Historikk", "Historik", "History"],
        "automatically_collected" => [
            "Automatisk innsamlede data",
            "Automatiskt insamlade uppgifter",
            "Automatically collected data",
        ],
        "marketing" => ["Markedsføring", "Marknadsföring", "Marketing"],
        "consents" => [
            "Samtykker og reservasjoner",
            "Samtycken och invändningar",
            "Consents and objections",
        ],
        "about" => ["Om kategorien", "Om kategorin", "About the category"],
        "records" => ["Opplysninger", "Uppgifter", "Records"],
        "requests" => ["Forespørsler", "Förfrågningar", "Requests"],
        "title" => ["Tittel", "Titel", "Title"],
        "description" => ["Beskrivelse", "Beskrivning", "Description"],
        "purposes" => ["Formål", "Ändamål", "Purposes"],
        "recipients" => ["Mottakere", "Mottagare", "Recipients"],
        "legal_basis" => ["Rettslig grunnlag", "Rättslig grund", "Legal basis"],
        "name" => ["Navn", "Namn", "Name"],
        "email" => ["E-post", "E-post", "E-mail"],
        "phone" => ["Telefon", "Telefon", "Phone"],
        "street" => ["Adresse", "Adress", "Address"],
        "postal_code" => ["Postnummer", "Postnummer", "Postal code"],
        "city" => ["Poststed", "Ort", "City"],
        "country" => ["Land", "Land", "Country"],
        "company" => ["Firma", "Företag", "Company"],
        "address2" => ["Adresselinje 2", "Adressrad 2", "Address line 2"],
        "state" => ["Fylke / region", "Län / region", "State / region"],
        "account_details" => [
            "Kontoens opplysninger",
            "Kontots uppgifter",
            "The account's details",
        ],
        "language" => ["Språk", "Språk", "Language"],
        "personnummer" => ["Personnummer", "Personnummer", "Personal identity number"],
        "account" => ["Kundekonto", "Kundkonto", "Account"],
        "services" => ["Tjenester", "Tjänster", "Services"],
        "domains" => ["Domener", "Domäner", "Domains"],
        "invoices" => ["Fakturaer", "Fakturor", "Invoices"],
        "card_data" => ["Kortopplysninger", "Kortuppgifter", "Card data"],
        "contact_changes" => [
            "Endringer av kontaktopplysninger",
            "Ändringar av kontaktuppgifter",
            "Changes of contact details",
        ],
        "support_tickets" => ["Supportsaker", "Supportärenden", "Support tickets"],
        "login_history" => ["Innlogginger", "Inloggningar", "Logins"],
        "newsletter" => ["Nyhetsbrev", "Nyhetsbrev", "Newsletter"],
        "history_of_consents" | "consent_history" => ["Historikk", "Historik", "History"],
        "at" | "opened_at" | "date" => ["Tidspunkt", "Tidpunkt", "Time"],
        "ip" | "ipaddr" | "ipaddress" => ["IP-adresse", "IP-adress", "IP address"],
        "user_agent" => ["Nettleser", "Webbläsare", "Browser"],
        "status" => ["Status", "Status", "Status"],
        "product" => ["Produkt", "Produkt", "Product"],
        "started_on" => ["Startet", "Startad", "Started"],
        "ended_on" => ["Avsluttet", "Avslutad", "Ended"],
        "registered_on" => ["Registrert", "Registrerad", "Registered"],
        "expires_on" => ["Utløper", "Löper ut", "Expires"],
        "number" => ["Nummer", "Nummer", "Number"],
        "issued_on" => ["Dato", "Datum", "Date"],
        "amount_minor" => [
            "Beløp (øre/cent)",
            "Belopp (öre/cent)",
            "Amount (minor units)",
        ],
        "currency" => ["Valuta", "Valuta", "Currency"],
        "body" => ["Tekst", "Text", "Text"],
        "id" => ["Id", "Id", "Id"],
        "kind" => ["Type", "Typ", "Kind"],
        "subscribed" => ["Abonnerer", "Prenumererar", "Subscribed"],
        "segment" => ["Gruppe", "Grupp", "Segment"],
        "active" => ["Aktiv", "Aktiv", "Active"],
        "received_at" => ["Mottatt", "Mottagen", "Received"],
        "due_on" => ["Svarfrist", "Svarsfrist", "Answer due"],
        _ => return None,
    })
}

fn label_nb(key: &str) -> Option<&'static str> {
    label3(key).map(|t| t[0])
}

fn label_sv(key: &str) -> Option<&'static str> {
    label3(key).map(|t| t[1])
}

fn label_en(key: &str) -> Option<&'static str> {
    label3(key).map(|t| t[2])
}
