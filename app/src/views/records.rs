//! The data itself, per category (GDPR art. 15): opened from the category's card, each
//! kind of record a table, a page at a time with "show more".

use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_domain::Locale;
use portal_domain::api::{CategoryRecords, DataCategory, RecordSection};

use crate::browser;
use crate::http::{self, uri_component};
use crate::i18n::field_label;
use crate::portal::use_portal;
use crate::ui::{ErrorAlert, Remote, Spinner};

/// `[nb, sv, en]` of a section's heading or a column's label.
fn label3(key: &str) -> Option<[&'static str; 3]> {
    Some(match key {
        "identity" => ["Identitet", "Identitet", "Identity"],
        "contact_details" => ["Kontaktopplysninger", "Kontaktuppgifter", "Contact details"],
        "account" => ["Kundekonto", "Kundkonto", "Account"],
        "services" => ["Tjenester", "Tjänster", "Services"],
        "domains" => ["Domener", "Domäner", "Domains"],
        "invoices" => ["Fakturaer", "Fakturor", "Invoices"],
        "transactions" => ["Betalinger", "Betalningar", "Payments"],
        "orders" => ["Bestillinger", "Beställningar", "Orders"],
        "tickets" => ["Supportsaker", "Supportärenden", "Support tickets"],
        "emails" => [
            "E-poster vi har sendt deg",
            "E-post vi har skickat dig",
            "E-mails we sent you",
        ],
        "activity_log" => ["Aktivitetslogg", "Aktivitetslogg", "Activity log"],
        "staff_notes" => [
            "Notater fra våre ansatte",
            "Anteckningar från vår personal",
            "Notes by our staff",
        ],
        "logins" => ["Innlogginger", "Inloggningar", "Logins"],
        "contact_changes" => [
            "Endringer av kontaktopplysninger",
            "Ändringar av kontaktuppgifter",
            "Changes of contact details",
        ],
        "newsletter" => ["Nyhetsbrev", "Nyhetsbrev", "Newsletter"],
        "consent_history" => [
            "Samtykker og reservasjoner over tid",
            "Samtycken och invändningar över tid",
            "Consents and objections over time",
        ],
        "marketing_consent_history" => [
            "Samtykke til markedsføring i kundesystemet",
            "Samtycke till marknadsföring i kundsystemet",
            "Marketing consent in the billing system",
        ],
        "field" => ["Felt", "Fält", "Field"],
        "value" => ["Verdi", "Värde", "Value"],
        "name" => ["Navn", "Namn", "Name"],
        "personnummer" => ["Personnummer", "Personnummer", "Personal identity number"],
        "kind" => ["Type", "Typ", "Kind"],
        "org_number" => ["Org.nr.", "Org.nr", "Org. number"],
        "product" => ["Produkt", "Produkt", "Product"],
        "status" => ["Status", "Status", "Status"],
        "started_on" => ["Startet", "Startad", "Started"],
        "ended_on" => ["Avsluttet", "Avslutad", "Ended"],
        "domain" => ["Domene", "Domän", "Domain"],
        "registered_on" => ["Registrert", "Registrerad", "Registered"],
        "expires_on" => ["Utløper", "Löper ut", "Expires"],
        "number" => ["Nummer", "Nummer", "Number"],
        "issued_on" => ["Dato", "Datum", "Date"],
        "amount" => ["Beløp", "Belopp", "Amount"],
        "at" | "opened_at" => ["Tidspunkt", "Tidpunkt", "Time"],
        "subject" => ["Emne", "Ämne", "Subject"],
        "description" => ["Beskrivelse", "Beskrivning", "Description"],
        "gateway" => ["Betalingsmåte", "Betalsätt", "Payment method"],
        "ip" => ["IP-adresse", "IP-adress", "IP address"],
        "user_agent" => ["Nettleser", "Webbläsare", "Browser"],
        "note" => ["Notat", "Anteckning", "Note"],
        "by" => ["Av", "Av", "By"],
        "fields" => ["Felt", "Fält", "Fields"],
        "segment" => ["Gruppe", "Grupp", "Segment"],
        "since" => ["Siden", "Sedan", "Since"],
        "purpose" => ["Formål", "Ändamål", "Purpose"],
        "change" => ["Endring", "Ändring", "Change"],
        "opted_in" => ["Samtykket", "Samtyckte", "Opted in"],
        _ => return None,
    })
}

/// A section's heading or a column's label in `l`; an unknown key as it is.
pub fn label(l: Locale, key: &str) -> String {
    match label3(key) {
        Some(t) => t[match l {
            Locale::Nb => 0,
            Locale::Sv => 1,
            Locale::En => 2,
        }]
        .to_string(),
        None => key.replace('_', " "),
    }
}

const SHOW_MORE: [&str; 3] = ["Vis flere", "Visa fler", "Show more"];
const SHOWING: [&str; 3] = ["Viser {0} av {1}", "Visar {0} av {1}", "Showing {0} of {1}"];
const NONE_HELD: [&str; 3] = [
    "Vi har ingen slike opplysninger om deg.",
    "Vi har inga sådana uppgifter om dig.",
    "We hold none of these about you.",
];

fn pick(l: Locale, t: [&'static str; 3]) -> &'static str {
    t[match l {
        Locale::Nb => 0,
        Locale::Sv => 1,
        Locale::En => 2,
    }]
}

/// A value as people read it: dates and times in their zone, field names in words.
fn shown(l: Locale, column: &str, value: &str) -> String {
    if column == "field" {
        return field_label(l, value).to_string();
    }
    let timestamp = matches!(column, "at" | "opened_at" | "since") && value.contains('T');
    if timestamp && let Some(t) = portal_domain::wire_time::parse_timestamp(value) {
        return browser::when(l, t);
    }
    value.to_string()
}

/// The records of one category, loaded when shown.
#[component]
pub fn CategoryRecordsView(category: DataCategory) -> impl IntoView {
    let portal = use_portal();
    let data = RwSignal::new(Remote::<Vec<RecordSection>>::Loading);
    let fetch = move || {
        spawn_local(async move {
            let path = portal.api(&format!("/records/{}", category.key()));
            let outcome = http::get::<CategoryRecords>(portal, path).await;
            data.set(outcome.map(|r| r.sections).into());
        });
    };
    fetch();
    let more = move |key: String, offset: u64| {
        spawn_local(async move {
            let path = portal.api(&format!(
                "/records/{}?section={}&offset={offset}",
                category.key(),
                uri_component(&key)
            ));
            if let Ok(page) = http::get::<CategoryRecords>(portal, path).await
                && let Some(next) = page.sections.into_iter().next()
            {
                data.update(|d| {
                    if let Remote::Ready(sections) = d
                        && let Some(s) = sections.iter_mut().find(|s| s.key == key)
                    {
                        s.rows.extend(next.rows);
                        s.next_offset = next.next_offset;
                    }
                });
            }
        });
    };
    move || {
        let l = portal.locale.get();
        match data.get() {
            Remote::Loading => view! { <Spinner /> }.into_any(),
            Remote::Failed(f) => view! {
                <ErrorAlert failure=f testid="records-error" retry=Callback::new(move |_| fetch()) />
            }
            .into_any(),
            Remote::Ready(sections) => view! {
                <div class="records" data-testid=format!("records-{}", category.key())>
                    {sections
                        .into_iter()
                        .map(|s| section(l, s, more))
                        .collect_view()}
                </div>
            }
            .into_any(),
        }
    }
}

fn section(
    l: Locale,
    s: RecordSection,
    more: impl Fn(String, u64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let heading = label(l, &s.key);
    let shown_count = crate::i18n::fill(
        pick(l, SHOWING),
        &[&s.rows.len().to_string(), &s.total.to_string()],
    );
    let has_rows = !s.rows.is_empty();
    let body = if s.rows.is_empty() {
        view! { <p class="hint">{pick(l, NONE_HELD)}</p> }.into_any()
    } else {
        let columns = s.columns.clone();
        view! {
            <table class="table stack" data-testid=format!("records-section-{}", s.key)>
                <thead>
                    <tr>{columns.iter().map(|c| view! { <th scope="col">{label(l, c)}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {s.rows
                        .into_iter()
                        .map(|row| {
                            view! {
                                <tr>
                                    {row
                                        .into_iter()
                                        .zip(columns.iter())
                                        .map(|(v, c)| view! { <td data-label=label(l, c)>{shown(l, c, &v)}</td> })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    let key = s.key.clone();
    let next = s.next_offset.map(|offset| {
        let key = key.clone();
        view! {
            <button type="button" class="button" on:click=move |_| more(key.clone(), offset)>
                {pick(l, SHOW_MORE)}
            </button>
        }
    });
    view! {
        <h5>{heading}</h5>
        {has_rows.then(|| view! { <p class="hint">{shown_count}</p> })}
        {body}
        {next}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_is_in_every_language() {
        for key in [
            "identity",
            "services",
            "logins",
            "activity_log",
            "at",
            "ip",
            "user_agent",
            "consent_history",
            "marketing_consent_history",
        ] {
            let t = label3(key).unwrap();
            assert!(t.iter().all(|x| !x.trim().is_empty()), "{key}");
        }
        assert_eq!(label(Locale::En, "some_new_thing"), "some new thing");
    }
}
