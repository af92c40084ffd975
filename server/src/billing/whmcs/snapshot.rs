//! The buyer snapshots of kept invoices (`mod_invoicedata`), in WHMCS's own shape.
//!
//! WHMCS prints an invoice's buyer from the snapshot only while "Store Client Data
//! Snapshot" (`StoreClientDataSnapshotOnInvoiceCreation`) is on; otherwise from the live
//! client row, which an erasure anonymises. So before an erasure anonymises an account,
//! every invoice the law keeps gets a snapshot (or has its own rewritten), and with the
//! setting off the erasure waits (`/readyz` warns, support is told which setting).
//!
//! WHMCS writes `clientsdetails` as the JSON of its billing details (the billing contact's
//! name and address where the client has one, `countryname`, every custom field) and
//! `customfields` as the fields shown on invoices. An erased buyer's snapshot keeps what
//! the invoice prints, as WHMCS would have stored it, and nothing else: no e-mail, phone,
//! staff notes, last login or IP address. No WHMCS API writes these rows: direct SQL.

use serde_json::{Map, Value, json};
use sqlx::{FromRow, MySqlConnection};

use crate::billing::BillingResult;

/// `tblconfiguration`'s name of the setting.
pub const SETTING: &str = "StoreClientDataSnapshotOnInvoiceCreation";

/// What an invoice prints of its buyer (`clientsdetails` keys); the rest of WHMCS's
/// snapshot is cleared when the buyer is erased.
pub const PRINTED: &[&str] = &[
    "userid",
    "id",
    "billingcid",
    "firstname",
    "lastname",
    "fullname",
    "companyname",
    "address1",
    "address2",
    "city",
    "fullstate",
    "state",
    "postcode",
    "countrycode",
    "country",
    "countryname",
    "tax_id",
    "tax_state",
    "tax_countrycode",
    "currency",
    "language",
    "customfields",
];

/// Whether WHMCS keeps (and prints from) invoice snapshots.
pub async fn snapshots_on(conn: &mut MySqlConnection) -> BillingResult<bool> {
    let value: Option<String> =
        sqlx::query_scalar("SELECT value FROM tblconfiguration WHERE setting = ?")
            .bind(SETTING)
            .fetch_optional(conn)
            .await?;
    Ok(matches!(
        value
            .as_deref()
            .map(|v| v.trim().to_ascii_lowercase())
            .as_deref(),
        Some("on" | "1" | "yes" | "true")
    ))
}

/// What support reads when the setting is off.
pub const OFF_MESSAGE: &str = "WHMCS's \"Store Client Data Snapshot\" setting is off \
     (System Settings > General Settings > Invoices; StoreClientDataSnapshotOnInvoiceCreation): \
     WHMCS would print the erased buyer on every kept invoice. Turn it on, then execute the erasure.";

/// The name and address an invoice prints: the client's, or its billing contact's.
#[derive(FromRow)]
struct Addressee {
    firstname: String,
    lastname: String,
    companyname: String,
    address1: String,
    address2: String,
    city: String,
    state: String,
    postcode: String,
    country: String,
    tax_id: String,
}

#[derive(FromRow)]
struct BuyerRow {
    id: i64,
    #[sqlx(flatten)]
    addressee: Addressee,
    currency: i64,
    language: String,
    billingcid: i64,
}

#[derive(FromRow)]
struct FieldRow {
    id: i64,
    fieldname: String,
    value: String,
    showinvoice: String,
}

/// Client `client`'s billing details as WHMCS's `getDetails('billing')` gives them (the
/// billing contact applied), reduced to what an invoice prints, and the custom fields it
/// shows (`customfields`): `None` when there is no such client.
pub async fn billing_details(
    conn: &mut MySqlConnection,
    client: i64,
) -> BillingResult<Option<(Map<String, Value>, Value)>> {
    let buyer: Option<BuyerRow> = sqlx::query_as(
        "SELECT CAST(id AS SIGNED) AS id, firstname, lastname, companyname, address1, address2, city, state, \
         postcode, country, tax_id, CAST(currency AS SIGNED) AS currency, language, \
         CAST(billingcid AS SIGNED) AS billingcid FROM tblclients WHERE id = ? FOR UPDATE",
    )
    .bind(client)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(b) = buyer else {
        return Ok(None);
    };
    // The billing contact, when it is one of this client's contacts (WHMCS resets a
    // dangling one): its name and address are what the invoice prints.
    let contact: Option<Addressee> = if b.billingcid > 0 {
        sqlx::query_as(
            "SELECT firstname, lastname, companyname, address1, address2, city, state, postcode, country, tax_id \
             FROM tblcontacts WHERE id = ? AND userid = ?",
        )
        .bind(b.billingcid)
        .bind(client)
        .fetch_optional(&mut *conn)
        .await?
    } else {
        None
    };
    let fields: Vec<FieldRow> = sqlx::query_as(
        "SELECT CAST(f.id AS SIGNED) AS id, f.fieldname, COALESCE(v.value, '') AS value, f.showinvoice \
         FROM tblcustomfields f LEFT JOIN tblcustomfieldsvalues v ON v.fieldid = f.id AND v.relid = ? \
         WHERE f.type = 'client' ORDER BY f.sortorder, f.id",
    )
    .bind(client)
    .fetch_all(&mut *conn)
    .await?;
    let on_invoice: Vec<&FieldRow> = fields
        .iter()
        .filter(|f| f.showinvoice == "on" && !f.value.is_empty())
        .collect();
    let a = contact.as_ref().unwrap_or(&b.addressee);
    // The client's tax id where the billing contact has none.
    let tax_id = if a.tax_id.is_empty() {
        &b.addressee.tax_id
    } else {
        &a.tax_id
    };
    let (first, last) = (&a.firstname, &a.lastname);
    let details = json!({
        "userid": b.id,
        "id": b.id,
        "billingcid": b.billingcid,
        "firstname": first,
        "lastname": last,
        "fullname": format!("{first} {last}").trim(),
        "companyname": a.companyname,
        "address1": a.address1,
        "address2": a.address2,
        "city": a.city,
        "fullstate": a.state,
        "state": a.state,
        "postcode": a.postcode,
        "countrycode": a.country,
        "country": a.country,
        "countryname": country_name(&a.country),
        "tax_id": tax_id,
        "currency": b.currency,
        "language": b.language,
        "customfields": on_invoice
            .iter()
            .map(|f| json!({ "id": f.id, "value": f.value }))
            .collect::<Vec<_>>(),
    });
    let customfields = Value::Array(
        on_invoice
            .iter()
            .map(|f| json!({ "id": f.id, "fieldname": f.fieldname, "value": f.value }))
            .collect(),
    );
    match details {
        Value::Object(map) => Ok(Some((map, customfields))),
        _ => Ok(None),
    }
}

/// A stored snapshot, however WHMCS wrote it: JSON, or PHP-serialized in older rows.
pub fn parse_stored(text: &str) -> Option<Map<String, Value>> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Some(map),
        _ => php_unserialize(text),
    }
}

/// Only what the invoice prints; of the custom fields, only those it shows.
pub fn printed(details: &Map<String, Value>, shown_fields: &[i64]) -> Map<String, Value> {
    let mut out = Map::new();
    for key in PRINTED {
        let Some(v) = details.get(*key) else { continue };
        if *key == "customfields" {
            let kept: Vec<Value> = v
                .as_array()
                .map(|fields| {
                    fields
                        .iter()
                        .filter(|f| {
                            f.get("id")
                                .and_then(|id| id.as_i64().or_else(|| id.as_str()?.parse().ok()))
                                .is_some_and(|id| shown_fields.contains(&id))
                        })
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            out.insert((*key).into(), Value::Array(kept));
        } else {
            out.insert((*key).into(), v.clone());
        }
    }
    out
}

/// Makes sure each of `invoices` (client `client`'s, kept by law) has a snapshot that
/// prints its buyer as WHMCS would, holding nothing else. A snapshot WHMCS wrote keeps its
/// printed fields (the buyer as they were then); a missing one is written from the
/// billing details now, before they are anonymised.
pub async fn ensure(
    conn: &mut MySqlConnection,
    client: i64,
    invoices: &[i64],
) -> BillingResult<()> {
    if invoices.is_empty() {
        return Ok(());
    }
    let Some((details, customfields)) = billing_details(conn, client).await? else {
        return Ok(());
    };
    let shown: Vec<i64> = customfields
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["id"].as_i64()).collect())
        .unwrap_or_default();
    let fresh = Value::Object(details).to_string();
    let customfields = customfields.to_string();
    for invoice in invoices {
        // Only this client's invoices.
        let own: Option<i64> = sqlx::query_scalar(
            "SELECT CAST(id AS SIGNED) FROM tblinvoices WHERE id = ? AND userid = ?",
        )
        .bind(invoice)
        .bind(client)
        .fetch_optional(&mut *conn)
        .await?;
        if own.is_none() {
            continue;
        }
        let stored: Vec<(i64, String)> = sqlx::query_as(
            "SELECT CAST(id AS SIGNED), clientsdetails FROM mod_invoicedata WHERE invoiceid = ? FOR UPDATE",
        )
        .bind(invoice)
        .fetch_all(&mut *conn)
        .await?;
        if stored.is_empty() {
            sqlx::query(
                "INSERT INTO mod_invoicedata (invoiceid, clientsdetails, customfields) VALUES (?, ?, ?)",
            )
            .bind(invoice)
            .bind(&fresh)
            .bind(&customfields)
            .execute(&mut *conn)
            .await?;
            continue;
        }
        for (id, text) in stored {
            let rewritten = match parse_stored(&text) {
                Some(old) => Value::Object(printed(&old, &shown)).to_string(),
                // Unreadable: what WHMCS would store now, rather than what nobody can read.
                None => fresh.clone(),
            };
            sqlx::query("UPDATE mod_invoicedata SET clientsdetails = ? WHERE id = ?")
                .bind(rewritten)
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// PHP's `unserialize()` of an array of scalars (strings, integers, floats, booleans,
/// null) and nested arrays: the form older `mod_invoicedata` rows hold.
pub fn php_unserialize(text: &str) -> Option<Map<String, Value>> {
    let mut p = Php {
        s: text.as_bytes(),
        at: 0,
    };
    match p.value()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

struct Php<'a> {
    s: &'a [u8],
    at: usize,
}

impl Php<'_> {
    fn eat(&mut self, b: u8) -> Option<()> {
        (self.s.get(self.at) == Some(&b)).then(|| self.at += 1)
    }

    fn until(&mut self, end: u8) -> Option<&str> {
        let start = self.at;
        let len = self.s[start..].iter().position(|c| *c == end)?;
        self.at = start + len + 1;
        std::str::from_utf8(&self.s[start..start + len]).ok()
    }

    fn value(&mut self) -> Option<Value> {
        let kind = *self.s.get(self.at)?;
        self.at += 1;
        if kind == b'N' {
            self.eat(b';')?;
            return Some(Value::Null);
        }
        self.eat(b':')?;
        match kind {
            b'i' => Some(json!(self.until(b';')?.parse::<i64>().ok()?)),
            b'd' => Some(json!(self.until(b';')?.parse::<f64>().ok()?)),
            b'b' => Some(json!(self.until(b';')? == "1")),
            b's' => {
                // The length is in bytes.
                let len: usize = self.until(b':')?.parse().ok()?;
                self.eat(b'"')?;
                let bytes = self.s.get(self.at..self.at + len)?;
                self.at += len;
                self.eat(b'"')?;
                self.eat(b';')?;
                Some(Value::String(std::str::from_utf8(bytes).ok()?.to_string()))
            }
            b'a' => {
                let n: usize = self.until(b':')?.parse().ok()?;
                self.eat(b'{')?;
                let mut map = Map::new();
                for _ in 0..n {
                    let key = match self.value()? {
                        Value::String(k) => k,
                        Value::Number(n) => n.to_string(),
                        _ => return None,
                    };
                    let value = self.value()?;
                    map.insert(key, value);
                }
                self.eat(b'}')?;
                Some(Value::Object(map))
            }
            _ => None,
        }
    }
}

/// The English country name WHMCS's country list gives a code (`countryname`), for the
/// countries a Nordic host's customers live in; any other code is printed as it is.
pub fn country_name(code: &str) -> String {
    const NAMES: &[(&str, &str)] = &[
        ("AT", "Austria"),
        ("BE", "Belgium"),
        ("BG", "Bulgaria"),
        ("CH", "Switzerland"),
        ("CY", "Cyprus"),
        ("CZ", "Czech Republic"),
        ("DE", "Germany"),
        ("DK", "Denmark"),
        ("EE", "Estonia"),
        ("ES", "Spain"),
        ("FI", "Finland"),
        ("FO", "Faroe Islands"),
        ("FR", "France"),
        ("GB", "United Kingdom"),
        ("GL", "Greenland"),
        ("GR", "Greece"),
        ("HR", "Croatia"),
        ("HU", "Hungary"),
        ("IE", "Ireland"),
        ("IS", "Iceland"),
        ("IT", "Italy"),
        ("LI", "Liechtenstein"),
        ("LT", "Lithuania"),
        ("LU", "Luxembourg"),
        ("LV", "Latvia"),
        ("MT", "Malta"),
        ("NL", "Netherlands"),
        ("NO", "Norway"),
        ("PL", "Poland"),
        ("PT", "Portugal"),
        ("RO", "Romania"),
        ("SE", "Sweden"),
        ("SI", "Slovenia"),
        ("SJ", "Svalbard and Jan Mayen"),
        ("SK", "Slovakia"),
        ("UA", "Ukraine"),
        ("US", "United States"),
        ("AX", "Aland Islands"),
    ];
    let code = code.trim();
    NAMES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map_or_else(|| code.to_string(), |(_, n)| (*n).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn older_php_serialized_snapshots_are_read() {
        let map = php_unserialize(
            "a:4:{s:6:\"userid\";i:1;s:9:\"firstname\";s:5:\"Kåre\";s:5:\"notes\";N;s:1:\"x\";a:1:{i:0;b:1;}}",
        )
        .unwrap();
        assert_eq!(map["userid"], json!(1));
        assert_eq!(map["firstname"], json!("Kåre"));
        assert_eq!(map["notes"], Value::Null);
        assert_eq!(map["x"]["0"], json!(true));
        assert!(php_unserialize("a:1:{s:9:\"firstname\";s:4:\"Kåre\";}").is_none());
        assert!(parse_stored("{\"firstname\":\"Kari\"}").is_some());
    }

    #[test]
    fn an_erased_buyers_snapshot_keeps_what_the_invoice_prints() {
        let stored = parse_stored(
            r#"{"firstname":"Kari","email":"kari@example.no","notes":"VIP","lastlogin":"Date: 01/01 IP: 192.0.2.1",
                "phonenumber":"+47.912","countryname":"Norway","customfields":[{"id":1,"value":"x"},{"id":3,"value":"NO1"}],
                "customfields1":"x"}"#,
        )
        .unwrap();
        let kept = printed(&stored, &[3]);
        assert_eq!(kept["firstname"], json!("Kari"));
        assert_eq!(kept["countryname"], json!("Norway"));
        assert_eq!(kept["customfields"], json!([{"id": 3, "value": "NO1"}]));
        for gone in [
            "email",
            "notes",
            "lastlogin",
            "phonenumber",
            "customfields1",
        ] {
            assert!(!kept.contains_key(gone), "{gone}");
        }
    }

    #[test]
    fn country_names_are_whmcss_english_ones() {
        assert_eq!(country_name("NO"), "Norway");
        assert_eq!(country_name("se"), "Sweden");
        assert_eq!(country_name("ZZ"), "ZZ");
    }
}
