//! Every text the widget shows, in Norwegian bokmål, Swedish and English.
//!
//! One table, one key per text, the three languages side by side so a translator can read
//! and check them together. Texts the operator words (purpose names, retention rules…) come
//! from the API as `LocalizedText`; validation messages come from `portal-domain`.
//!
//! Texts that speak of the person whose data is shown ("your requests") have a second
//! wording in a table of their own, used while a company admin acts for someone else:
//! `{who}` is that person's name, `{whose}` its genitive ("Lars Johansens").

use portal_domain::api::{
    Actor, DataCategory, ErasureGround, LegalBasis, NewsletterSegment, RequestKind, RequestStatus,
    Role,
};
use portal_domain::support::{RecipientNoticeReason, RequestEventKind};
use std::borrow::Cow;
use std::sync::OnceLock;

use portal_domain::{ErrorCode, Locale};

/// The text for `key` in `locale`. In the browser it comes from the language file the
/// loader fetched ([`install`]); on the host, from the table below.
pub fn t(locale: Locale, key: Key) -> &'static str {
    #[cfg(target_arch = "wasm32")]
    return installed_text(locale, key as usize);
    #[cfg(not(target_arch = "wasm32"))]
    pick(locale, texts(key))
}

/// The text for `key` in `locale`, worded for the person the views show: `other` is the
/// name of the person a company admin acts for, `None` when the reader is the person.
pub fn about(locale: Locale, key: Key, other: Option<&str>) -> Cow<'static, str> {
    match (other, about_other(locale, key)) {
        (Some(name), Some(text)) => Cow::Owned(
            text.replace("{whose}", &genitive(locale, name))
                .replace("{who}", name),
        ),
        _ => Cow::Borrowed(t(locale, key)),
    }
}

/// The second wording of `key`, for acting for someone else, if it has one.
fn about_other(locale: Locale, key: Key) -> Option<&'static str> {
    #[cfg(target_arch = "wasm32")]
    return about_slot(key).map(|slot| installed_text(locale, Key::COUNT + slot));
    #[cfg(not(target_arch = "wasm32"))]
    texts_about_other(key).map(|texts| pick(locale, texts))
}

/// One language's texts as the widget fetches them: a JSON array of every text in the
/// order of `Key`, then the wordings about someone else in the order of their table. The
/// build writes one file per language next to the wasm, so the wasm carries no texts and
/// a visit downloads one language, not three.
pub fn language_file(locale: Locale) -> String {
    let texts: Vec<&str> = Key::ALL
        .iter()
        .map(|&key| pick(locale, texts(key)))
        .chain(
            ABOUT_OTHERS
                .iter()
                .filter_map(|&key| texts_about_other(key).map(|texts| pick(locale, texts))),
        )
        .collect();
    crate::json::to_string(&texts).unwrap_or_default()
}

/// The language files installed so far, by `Locale::ALL` order. Each is read once and
/// kept for the page's lifetime: a few kilobytes, and a `&'static str` is what views take.
static INSTALLED: [OnceLock<Box<[&'static str]>>; 3] =
    [OnceLock::new(), OnceLock::new(), OnceLock::new()];

fn slot_of(locale: Locale) -> usize {
    match locale {
        Locale::Nb => 0,
        Locale::Sv => 1,
        Locale::En => 2,
    }
}

/// Takes a language file (see [`language_file`]) for `locale`. Refused, and nothing
/// installed, unless it holds exactly the texts this build knows.
pub fn install(locale: Locale, file: &str) -> Result<(), crate::json::Invalid> {
    let texts: Vec<String> = crate::json::from_str(file)?;
    if texts.len() != Key::COUNT + ABOUT_OTHERS_COUNT {
        return Err(crate::json::Invalid);
    }
    let texts: Box<[&'static str]> = texts
        .into_iter()
        .map(|text| &*Box::leak(text.into_boxed_str()))
        .collect();
    // Installed twice (two widgets on one page): the first copy stays.
    _ = INSTALLED[slot_of(locale)].set(texts);
    Ok(())
}

/// Whether the texts of `locale` are installed.
pub fn installed(locale: Locale) -> bool {
    INSTALLED[slot_of(locale)].get().is_some()
}

/// Text number `i` of `locale`'s file, or of another installed language while `locale`'s
/// is still on its way.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn installed_text(locale: Locale, i: usize) -> &'static str {
    std::iter::once(slot_of(locale))
        .chain(0..3)
        .find_map(|slot| INSTALLED[slot].get())
        .and_then(|texts| texts.get(i).copied())
        .unwrap_or("")
}

/// A name in the genitive: "Lars Johansens" (nb, sv), "Lars Johansen's" (en). Names
/// ending in s, x or z take an apostrophe in Norwegian ("Hans'") and nothing in Swedish.
pub fn genitive(locale: Locale, name: &str) -> String {
    let sibilant = name.ends_with(['s', 'x', 'z', 'S', 'X', 'Z']);
    match locale {
        Locale::Nb if sibilant => format!("{name}'"),
        Locale::Sv if sibilant => name.to_string(),
        Locale::Nb | Locale::Sv => format!("{name}s"),
        Locale::En => format!("{name}'s"),
    }
}

/// Replaces `{0}`, `{1}`… in a text with `args`.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = template.to_string();
    for (i, arg) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), arg);
    }
    out
}

/// Defines `Key`, its list `Key::ALL`, and `texts(key) -> [nb, sv, en]` from one table, so
/// a key cannot exist without its three texts.
macro_rules! texts {
    ($($key:ident => [$nb:expr, $sv:expr, $en:expr $(,)?],)*) => {
        /// A text of the widget; its name says where it is used. Its number is its place
        /// in a language file.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key {
            $($key,)*
        }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];
            pub const COUNT: usize = Key::ALL.len();
        }

        /// The texts of `key` as [nb, sv, en].
        #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
        fn texts(key: Key) -> [&'static str; 3] {
            match key {
                $(Key::$key => [$nb, $sv, $en],)*
            }
        }
    };
}

/// Defines `texts_about_other(key)`: the wording of a text while acting for someone else,
/// and `about_slot(key)`: its place among those wordings in a language file.
macro_rules! about_others {
    ($($key:ident => [$nb:expr, $sv:expr, $en:expr $(,)?],)*) => {
        #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
        fn texts_about_other(key: Key) -> Option<[&'static str; 3]> {
            match key {
                $(Key::$key => Some([$nb, $sv, $en]),)*
                _ => None,
            }
        }

        #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
        fn about_slot(key: Key) -> Option<usize> {
            ABOUT_OTHERS.iter().position(|&k| k == key)
        }

        const ABOUT_OTHERS: &[Key] = &[$(Key::$key,)*];
        const ABOUT_OTHERS_COUNT: usize = ABOUT_OTHERS.len();
    };
}

texts! {
    PortalTitle => ["Personvern", "Integritet", "Privacy"],
    Loading => ["Laster …", "Laddar …", "Loading …"],
    SigningIn => ["Logger inn …", "Loggar in …", "Signing in …"],
    DisplayLanguage => ["Visningsspråk", "Visningsspråk", "Display language"],
    Sections => ["Personvernsider", "Integritetssidor", "Privacy pages"],
    Reload => ["Last inn siden på nytt", "Ladda om sidan", "Reload the page"],
    Retry => ["Prøv igjen", "Försök igen", "Try again"],
    PartFailed => [
        "Denne delen av personvernsidene kunne ikke lastes. Sjekk tilkoblingen og prøv igjen.",
        "Den här delen av integritetssidorna kunde inte laddas. Kontrollera anslutningen och försök igen.",
        "This part of the privacy pages could not be loaded. Check your connection and try again.",
    ],
    Cancel => ["Avbryt", "Avbryt", "Cancel"],
    Close => ["Lukk", "Stäng", "Close"],
    Back => ["Tilbake", "Tillbaka", "Back"],
    Continue => ["Gå videre", "Fortsätt", "Continue"],
    LaunchExpired => [
        "Innloggingslenken din er utløpt eller allerede brukt. Last inn siden på nytt for å fortsette.",
        "Inloggningslänken har gått ut eller redan använts. Ladda om sidan för att fortsätta.",
        "Your login link has expired or has already been used. Reload the page to continue.",
    ],
    SessionEnded => [
        "Økten din er avsluttet. Last inn siden på nytt for å fortsette.",
        "Din session har avslutats. Ladda om sidan för att fortsätta.",
        "Your session has ended. Reload the page to continue.",
    ],
    SupportConsoleNote => [
        "Her åpnes konsollen for kundestøtte. Den er ikke en del av denne versjonen.",
        "Här öppnas konsolen för kundtjänst. Den ingår inte i den här versionen.",
        "The support console opens here. It is not part of this version.",
    ],

    TabOverview => ["Mine data", "Mina uppgifter", "My data"],
    TabExport => ["Last ned", "Ladda ned", "Download"],
    TabContact => ["Kontaktopplysninger", "Kontaktuppgifter", "Contact details"],
    TabNewsletter => ["Nyhetsbrev", "Nyhetsbrev", "Newsletter"],
    TabPurposes => ["Formål og samtykke", "Ändamål och samtycke", "Purposes and consent"],
    Employees => ["Ansatte", "Anställda", "Employees"],
    ActFor => ["Vis og endre data for", "Visa och ändra uppgifter för", "Show and change data for"],
    Myself => ["Meg selv", "Mig själv", "Myself"],
    AdminMark => ["admin", "admin", "administrator"],
    ActingFor => [
        "Du handler på vegne av {0}",
        "Du agerar för {0}",
        "You are acting on behalf of {0}",
    ],
    BackToMyself => ["Tilbake til meg selv", "Tillbaka till mig själv", "Back to myself"],
    TabRequests => ["Forespørsler", "Begäranden", "Requests"],

    OverviewIntro => [
        "Her ser du hvilke opplysninger vi har om deg, hva de brukes til, hvem de deles med og hvor lenge de lagres.",
        "Här ser du vilka uppgifter vi har om dig, vad de används till, vem de delas med och hur länge de sparas.",
        "Here you can see what we hold about you, what it is used for, who receives it and how long it is kept.",
    ],
    Records => ["Antall registreringer", "Antal poster", "Records"],
    RecordsShort => ["antall: {0}", "antal: {0}", "records: {0}"],
    Purposes => ["Formål", "Ändamål", "Purposes"],
    LegalBasis => ["Rettslig grunnlag", "Rättslig grund", "Legal basis"],
    Recipients => ["Mottakere", "Mottagare", "Recipients"],
    NoRecipients => [
        "Deles ikke med andre.",
        "Delas inte med andra.",
        "Not passed on to anyone.",
    ],
    Retention => ["Lagringstid", "Lagringstid", "Retention"],
    Controller => [
        "Behandlingsansvarlig",
        "Personuppgiftsansvarig",
        "Data controller",
    ],
    OrgNumber => ["Org.nr.", "Org.nr", "Org. no."],
    DataProtectionOfficer => ["Personvernombud", "Dataskyddsombud", "Data protection officer"],
    PrivacyContact => ["Kontakt om personvern", "Kontakt om dataskydd", "Privacy contact"],
    YourRights => ["Dine rettigheter", "Dina rättigheter", "Your rights"],
    RightsDeadline => [
        "Vi svarer innen én måned. Er saken komplisert, kan fristen forlenges med inntil to måneder; da får du vite hvorfor.",
        "Vi svarar inom en månad. Om ärendet är komplicerat kan tiden förlängas med högst två månader; då får du veta varför.",
        "We answer within one month. For complex cases the deadline can be extended by up to two more months; you will then be told why.",
    ],
    RightAccessTitle => ["Innsyn (art. 15)", "Tillgång (art. 15)", "Access (art. 15)"],
    RightAccess => [
        "Du har rett til å vite hvilke opplysninger vi har om deg, hva de brukes til, hvem de deles med og hvor lenge de lagres. Denne siden viser deg det.",
        "Du har rätt att få veta vilka uppgifter vi har om dig, vad de används till, vem de delas med och hur länge de sparas. Den här sidan visar det.",
        "You have the right to know what we hold about you, what it is used for, who receives it and how long it is kept. This page shows you.",
    ],
    RightPortabilityTitle => [
        "Dataportabilitet (art. 20)",
        "Dataportabilitet (art. 20)",
        "Portability (art. 20)",
    ],
    RightPortability => [
        "Du kan laste ned opplysningene dine i et strukturert, maskinlesbart format (JSON) og ta dem med til en annen leverandør.",
        "Du kan ladda ned dina uppgifter i ett strukturerat, maskinläsbart format (JSON) och ta med dem till en annan leverantör.",
        "You can download your data in a structured, machine-readable format (JSON) and take it to another provider.",
    ],
    RightRectificationTitle => [
        "Retting (art. 16)",
        "Rättelse (art. 16)",
        "Rectification (art. 16)",
    ],
    RightRectification => [
        "Stemmer ikke opplysningene, kan du rette kontaktopplysningene dine selv under «Kontaktopplysninger».",
        "Om uppgifterna inte stämmer kan du själv rätta dina kontaktuppgifter under ”Kontaktuppgifter”.",
        "If something is wrong, you can correct your contact details yourself under “Contact details”.",
    ],
    RightErasureTitle => ["Sletting (art. 17)", "Radering (art. 17)", "Erasure (art. 17)"],
    RightErasure => [
        "Du kan be om at opplysningene dine slettes. Det loven pålegger oss å beholde, for eksempel regnskapsbilag, beholdes til plikten opphører; resten slettes eller anonymiseres.",
        "Du kan begära att dina uppgifter raderas. Det som lagen kräver att vi sparar, till exempel räkenskapsinformation, sparas tills skyldigheten upphör; resten raderas eller anonymiseras.",
        "You can ask for your data to be erased. What the law requires us to keep, such as accounting records, is kept until that duty ends; the rest is erased or anonymised.",
    ],
    RightRestrictionTitle => [
        "Begrensning (art. 18)",
        "Begränsning (art. 18)",
        "Restriction (art. 18)",
    ],
    RightRestriction => [
        "Mener du at opplysninger om deg er uriktige, kan du be om at vi bare lagrer dem og ellers ikke bruker dem mens saken avklares.",
        "Om du anser att uppgifter om dig är felaktiga kan du begära att vi bara sparar dem och inte använder dem på annat sätt medan saken utreds.",
        "If you believe data about you is inaccurate, you can ask us to only store it, and not otherwise use it, while the matter is looked into.",
    ],
    RightObjectionTitle => ["Protest (art. 21)", "Invändning (art. 21)", "Objection (art. 21)"],
    RightObjection => [
        "Du kan protestere mot behandling som bygger på berettiget interesse og trekke tilbake samtykker under «Formål og samtykke». Protest mot direkte markedsføring tas alltid til følge.",
        "Du kan invända mot behandling som grundar sig på berättigat intresse och återkalla samtycken under ”Ändamål och samtycke”. En invändning mot direktmarknadsföring gäller alltid.",
        "You can object to processing based on legitimate interest, and withdraw consent, under “Purposes and consent”. An objection to direct marketing always applies.",
    ],
    ComplaintTitle => ["Klage", "Klagomål", "Complaints"],
    ComplaintText => [
        "Mener du at vi behandler personopplysningene dine i strid med regelverket, kan du klage til tilsynsmyndigheten:",
        "Om du anser att vi behandlar dina personuppgifter i strid med reglerna kan du lämna klagomål till tillsynsmyndigheten:",
        "If you believe we process your personal data unlawfully, you can complain to the supervisory authority:",
    ],

    ExportIntro => [
        "Last ned en fullstendig kopi av opplysningene vi har om deg, i maskinlesbart JSON-format eller som en side å lese i nettleseren. Filen kan inneholde sensitive opplysninger som personnummer, så oppbevar den trygt.",
        "Ladda ned en fullständig kopia av uppgifterna vi har om dig i maskinläsbart JSON-format eller som en sida att läsa i webbläsaren. Filen kan innehålla känsliga uppgifter som personnummer, så förvara den säkert.",
        "Download a complete copy of the data we hold about you, in machine-readable JSON or as a page to read in the browser. The file may contain sensitive data such as your personal identity number, so keep it safe.",
    ],
    ExportButton => [
        "Last ned dataene mine (JSON)",
        "Ladda ned mina uppgifter (JSON)",
        "Download my data (JSON)",
    ],
    ExportHtmlButton => [
        "Last ned som side å lese (HTML)",
        "Ladda ned som sida att läsa (HTML)",
        "Download as a page to read (HTML)",
    ],
    ExportRunning => [
        "Laster ned … {0} mottatt",
        "Laddar ned … {0} mottaget",
        "Downloading … {0} received",
    ],
    ExportDone => [
        "Ferdig: {0} lastet ned.",
        "Klart: {0} nedladdat.",
        "Done: {0} downloaded.",
    ],
    ExportProgress => ["Nedlasting", "Nedladdning", "Download progress"],

    ContactIntro => [
        "Rett opplysningene hvis de ikke stemmer. Hver endring lagres med tidspunkt og hvem som gjorde den.",
        "Rätta uppgifterna om de inte stämmer. Varje ändring sparas med tidpunkt och vem som gjorde den.",
        "Correct your details if they are wrong. Each change is recorded with the time and who made it.",
    ],
    FieldName => ["Navn", "Namn", "Name"],
    FieldEmail => ["E-post", "E-post", "E-mail"],
    FieldPhone => ["Telefon", "Telefon", "Phone"],
    FieldStreet => ["Adresse", "Gatuadress", "Street address"],
    FieldPostalCode => ["Postnummer", "Postnummer", "Postal code"],
    FieldCity => ["Poststed", "Ort", "City"],
    FieldCountry => ["Land", "Land", "Country"],
    FieldCompany => ["Firma", "Företag", "Company"],
    FieldAddress2 => ["Adresselinje 2", "Adressrad 2", "Address line 2"],
    FieldState => ["Fylke / region", "Län / region", "State / region"],
    AccountDetailsTitle => ["Kontoens opplysninger", "Kontots uppgifter", "The account's details"],
    AccountDetailsIntro => [
        "Navnet, firmaet, e-postadressen og adressen fakturaene sendes til. De hører til kontoen, ikke til innloggingen din: bare du som eier kontoen ser og retter dem.",
        "Namnet, företaget, e-postadressen och adressen som fakturorna skickas till. De hör till kontot, inte till din inloggning: bara du som äger kontot ser och rättar dem.",
        "The name, company, e-mail address and address invoices go to. They belong to the account, not to your login: only you, as the account's holder, see and correct them.",
    ],
    AccountSave => ["Lagre kontoens opplysninger", "Spara kontots uppgifter", "Save the account's details"],
    FieldLanguage => ["Korrespondansespråk", "Korrespondensspråk", "Correspondence language"],
    ContactLanguage => [
        "Språket vi skriver til deg på",
        "Språket vi skriver till dig på",
        "Language we write to you in",
    ],
    ContactLanguageHint => [
        "Gjelder e-post og brev fra oss. Språket på denne siden velger du øverst.",
        "Gäller e-post och brev från oss. Språket på den här sidan väljer du högst upp.",
        "For e-mail and letters from us. The language of this page is chosen at the top.",
    ],
    ChooseCountry => ["Velg land …", "Välj land …", "Choose a country …"],
    RetentionSweepOff => [
        "Den daglige slettingen etter lagringsreglene er slått av: ingen opplysninger slettes av seg selv før driftsansvarlig slår den på (etter å ha lest en prøvekjøring).",
        "Den dagliga gallringen enligt lagringsreglerna är avstängd: inga uppgifter raderas av sig själv förrän driftsansvarig slår på den (efter att ha läst en provkörning).",
        "The daily retention sweep is off: nothing is erased by the retention rules until the operator turns it on (after reading a dry run).",
    ],
    ErasureLoginElsewhere => [
        "Den samme innloggingen brukes også for en annen konto. Innloggingen, og det den kontoen har, blir stående: vil du slette der, sender du forespørselen fra den kontoen.",
        "Samma inloggning används också för ett annat konto. Inloggningen, och det som det kontot har, finns kvar: vill du radera där skickar du begäran från det kontot.",
        "The same login is also used for another account. The login, and what that account holds, stay: to erase there, file the request from that account.",
    ],
    LoginFieldsReadOnly => [
        "Navn, e-post og språk hører til personens egen innlogging, som bare personen selv kan endre.",
        "Namn, e-post och språk hör till personens egen inloggning, som bara personen själv kan ändra.",
        "Name, e-mail and language belong to the person's own login, which only they can change.",
    ],
    FieldPersonnummer => ["Personnummer", "Personnummer", "Personal identity number"],
    PhoneHint => [
        "Med landskode, f.eks. +47 912 34 567. Kan stå tomt.",
        "Med landsnummer, t.ex. +46 70 123 45 67. Kan lämnas tomt.",
        "With country code, e.g. +47 912 34 567. May be left empty.",
    ],
    PhoneHintNational => [
        "F.eks. {0}, eller med landskode: {1}. Kan stå tomt.",
        "T.ex. {0}, eller med landsnummer: {1}. Kan lämnas tomt.",
        "E.g. {0}, or with the country code: {1}. May be left empty.",
    ],
    PersonnummerNote => [
        "Vises maskert. Hele nummeret finnes bare i nedlastingen.",
        "Visas maskerat. Hela numret finns bara i nedladdningen.",
        "Shown masked. The full number is only in the download.",
    ],
    Save => ["Lagre endringer", "Spara ändringar", "Save changes"],
    Saving => ["Lagrer …", "Sparar …", "Saving …"],
    Saved => [
        "Endringene er lagret.",
        "Ändringarna är sparade.",
        "Your changes have been saved.",
    ],
    FixMarkedFields => [
        "Rett feltene som er merket, før du lagrer.",
        "Rätta de markerade fälten innan du sparar.",
        "Correct the marked fields before saving.",
    ],
    ContactConflict => [
        "Noen andre har endret disse opplysningene mens du redigerte, så endringene dine er ikke lagret. Last inn de gjeldende opplysningene og gjør endringen på nytt.",
        "Någon annan har ändrat uppgifterna medan du redigerade, så dina ändringar har inte sparats. Hämta de aktuella uppgifterna och gör ändringen igen.",
        "Someone else changed these details while you were editing, so your changes have not been saved. Load the current details and make your change again.",
    ],
    ShowCurrentDetails => [
        "Vis gjeldende opplysninger",
        "Visa aktuella uppgifter",
        "Show the current details",
    ],
    ChangeHistory => ["Endringslogg", "Ändringshistorik", "Change history"],
    NoChangesYet => ["Ingen endringer ennå.", "Inga ändringar ännu.", "No changes yet."],
    When => ["Tidspunkt", "Tidpunkt", "When"],
    ChangedBy => ["Endret av", "Ändrat av", "Changed by"],
    Fields => ["Felt", "Fält", "Fields"],
    ActorYou => ["Deg", "Dig", "You"],
    ActorCompanyAdmin => [
        "Bedriftens administrator",
        "Företagets administratör",
        "Your company administrator",
    ],
    ActorSupport => ["Kundestøtte", "Kundtjänst", "Support"],
    ActorSubject => ["Personen", "Personen", "The person"],
    Refresh => ["Oppdater", "Uppdatera", "Refresh"],
    AwaitingPerson => [
        "Venter på svar fra personen",
        "Väntar på svar från personen",
        "Waiting for the person's answer",
    ],

    NewsletterIntro => [
        "Nyhetsbrevet sendes bare til dem som vil ha det. Avmelding gjelder med en gang.",
        "Nyhetsbrevet skickas bara till dem som vill ha det. En avregistrering gäller direkt.",
        "The newsletter goes only to those who want it. Unsubscribing takes effect at once.",
    ],
    NewsletterSubscribed => [
        "Du abonnerer på nyhetsbrevet.",
        "Du prenumererar på nyhetsbrevet.",
        "You are subscribed to the newsletter.",
    ],
    NewsletterNotSubscribed => [
        "Du abonnerer ikke på nyhetsbrevet.",
        "Du prenumererar inte på nyhetsbrevet.",
        "You are not subscribed to the newsletter.",
    ],
    NewsletterChangedAt => ["Sist endret {0}.", "Senast ändrad {0}.", "Last changed {0}."],
    Unsubscribe => ["Meld meg av", "Avsluta prenumerationen", "Unsubscribe"],
    Subscribe => ["Meld meg på", "Prenumerera", "Subscribe"],
    UnsubscribeNote => [
        "Når du melder deg av, slettes abonnementsopplysningene dine.",
        "När du avregistrerar dig raderas dina prenumerationsuppgifter.",
        "When you unsubscribe, your subscription data is deleted.",
    ],
    Segment => ["Jeg er", "Jag är", "I am"],
    ChooseSegment => ["Velg …", "Välj …", "Choose …"],
    NewsletterOtherMarketing => [
        "Annen e-post med nyheter og tilbud, som nyheter om tjenestene, slår du av og på under «Formål og samtykke».",
        "Annan e-post med nyheter och erbjudanden, som nyheter om tjänsterna, slår du av och på under ”Ändamål och samtycke”.",
        "Other e-mail with news and offers, such as news about the services, is switched on and off under “Purposes and consent”.",
    ],
    GoToPurposes => [
        "Gå til «Formål og samtykke»",
        "Gå till ”Ändamål och samtycke”",
        "Go to “Purposes and consent”",
    ],
    PurposesNewsletterNote => [
        "Nyhetsbrevet står ikke her: det har sin egen fane.",
        "Nyhetsbrevet finns inte här: det har en egen flik.",
        "The newsletter is not listed here: it has a tab of its own.",
    ],
    GoToNewsletter => ["Gå til «Nyhetsbrev»", "Gå till ”Nyhetsbrev”", "Go to “Newsletter”"],

    PurposesIntro => [
        "Noen formål er nødvendige for å levere tjenesten eller pålagt ved lov. Andre kan du slå av og på her, og endringen gjelder med en gang.",
        "Vissa ändamål behövs för att leverera tjänsten eller krävs enligt lag. Andra kan du slå av och på här, och ändringen gäller direkt.",
        "Some purposes are needed to deliver the service or required by law. Others you can switch on and off here, and the change applies at once.",
    ],
    Required => ["Påkrevd", "Krävs", "Required"],
    RequiredByContract => [
        "Nødvendig for å levere tjenestene du har avtale om. Opphører når avtalen avsluttes.",
        "Nödvändigt för att leverera tjänsterna enligt ditt avtal. Upphör när avtalet avslutas.",
        "Needed to deliver the services you have a contract for. Ends when the contract ends.",
    ],
    RequiredByLaw => [
        "Loven krever denne behandlingen, for eksempel bokføringsloven.",
        "Lagen kräver den här behandlingen, till exempel bokföringslagen.",
        "The law requires this processing, for example bookkeeping law.",
    ],
    RequiredOther => [
        "Kan ikke slås av her. Kontakt oss hvis du vil protestere.",
        "Kan inte stängas av här. Kontakta oss om du vill invända.",
        "Cannot be switched off here. Contact us if you want to object.",
    ],
    ObjectionNote => [
        "Slår du av, registreres det som en protest mot behandlingen.",
        "Om du stänger av registreras det som en invändning mot behandlingen.",
        "Switching it off is recorded as an objection to the processing.",
    ],
    SwitchedOn => ["Slått på", "Påslaget", "Switched on"],
    SwitchedOff => ["Slått av", "Avstängt", "Switched off"],
    History => ["Historikk", "Historik", "History"],
    NoHistoryYet => ["Ingen endringer ennå.", "Inga ändringar ännu.", "No changes yet."],
    Purpose => ["Formål", "Ändamål", "Purpose"],
    Change => ["Endring", "Ändring", "Change"],
    ChoiceSaved => ["Lagret", "Sparat", "Saved"],

    RequestsIntro => [
        "Her følger du forespørslene dine og ser datoen vi senest skal svare innen.",
        "Här följer du dina begäranden och ser det datum då vi senast ska svara.",
        "Here you can follow your requests and see the date by which we must answer.",
    ],
    NoRequests => [
        "Du har ingen forespørsler.",
        "Du har inga begäranden.",
        "You have no requests.",
    ],
    Kind => ["Type", "Typ", "Type"],
    Status => ["Status", "Status", "Status"],
    Received => ["Mottatt", "Mottagen", "Received"],
    AnswerDue => ["Svarfrist", "Svarsfrist", "Answer due"],
    NoteFromUs => ["Melding fra oss:", "Meddelande från oss:", "Note from us:"],
    ExtendedTo => [
        "Fristen er forlenget til {0}. Begrunnelse:",
        "Tidsfristen har förlängts till {0}. Skäl:",
        "The deadline was extended to {0}. Reason:",
    ],
    ComplaintRoute => [
        "Er du uenig, kan du klage til tilsynsmyndigheten:",
        "Om du inte håller med kan du klaga hos tillsynsmyndigheten:",
        "If you disagree, you can complain to the supervisory authority:",
    ],
    ErasureDone => ["Slettingen ble utført", "Raderingen utfördes", "The erasure was carried out"],
    BackupNote => [
        "Kopier i sikkerhetskopier forsvinner innen {0} dager.",
        "Kopior i säkerhetskopior försvinner inom {0} dagar.",
        "Copies in backups expire within {0} days.",
    ],
    Search => ["Søk", "Sök", "Search"],
    All => ["Alle", "Alla", "All"],
    OverdueOnly => ["Bare forfalte", "Endast försenade", "Overdue only"],
    AssignedToMe => ["Tildelt meg", "Tilldelade mig", "Assigned to me"],
    Overdue => ["Forfalt", "Försenade", "Overdue"],
    LoadMore => ["Vis flere", "Visa fler", "Load more"],
    Subject => ["Gjelder", "Gäller", "Subject"],
    FilterByStatus => ["Vis bare status", "Visa bara status", "Show only status"],
    CloseRequest => ["Lukk forespørselen", "Stäng begäran", "Close the request"],
    RequestOf => [
        "Forespørsel om {0} fra {1}",
        "Begäran om {0} från {1}",
        "Request for {0} from {1}",
    ],
    DaysLeft => ["Dager igjen", "Dagar kvar", "Days left"],
    SupportQueue => ["Forespørsler til behandling", "Begäranden att handlägga", "Request queue"],
    DueIn => ["Frist {0} ({1} dager igjen)", "Tidsfrist {0} ({1} dagar kvar)", "Due {0} ({1} days left)"],
    Assignee => ["Saksbehandler", "Handläggare", "Assignee"],
    InternalNotes => ["Interne notater", "Interna anteckningar", "Internal notes"],
    AssignToMe => ["Ta saken", "Ta ärendet", "Assign to me"],
    Extend => ["Forleng fristen", "Förläng tidsfristen", "Extend the deadline"],
    ExtendMonths => ["Antall måneder", "Antal månader", "Months"],
    ExtendReason => [
        "Begrunnelse (sendes til personen)",
        "Skäl (skickas till personen)",
        "Reason (sent to the person)",
    ],
    AskForInfo => ["Be om opplysninger", "Begär uppgifter", "Ask for information"],
    Question => ["Spørsmål til personen", "Fråga till personen", "Question for the person"],
    Reject => ["Avslå", "Avslå", "Reject"],
    RejectReason => [
        "Begrunnelse for avslaget",
        "Skäl för avslaget",
        "Reason for the rejection",
    ],
    Execute => ["Utfør slettingen", "Utför raderingen", "Execute the erasure"],
    ExecuteTitle => ["Utføre slettingen?", "Utföra raderingen?", "Execute the erasure?"],
    ExecuteText => [
        "Personopplysningene anonymiseres nå. Dette kan ikke angres.",
        "Personuppgifterna anonymiseras nu. Detta kan inte ångras.",
        "The personal data is anonymised now. This cannot be undone.",
    ],
    QuestionFromUs => ["Spørsmål fra oss:", "Fråga från oss:", "Question from us:"],
    YourAnswer => ["Ditt svar", "Ditt svar", "Your answer"],
    SendAnswer => ["Send svar", "Skicka svar", "Send answer"],
    PassedOnTitle => ["Videreformidlet til mottakere", "Vidarebefordrat till mottagare", "Passed on to recipients"],
    PassedOnIntro => [
        "Når dine opplysninger rettes, slettes eller begrenses, varsler vi dem vi har gitt opplysningene til.",
        "När dina uppgifter rättas, raderas eller begränsas underrättar vi dem vi har lämnat uppgifterna till.",
        "When your data is corrected, erased or restricted, we tell those we passed it on to.",
    ],
    Recipient => ["Mottaker", "Mottagare", "Recipient"],
    PassedOnPending => ["Varsles snart", "Underrättas snart", "To be notified"],
    RestrictedSince => [
        "Behandlingen av dine opplysninger er begrenset siden {0}",
        "Behandlingen av dina uppgifter är begränsad sedan {0}",
        "Processing of your data has been restricted since {0}",
    ],
    RestrictedStorageOnly => [
        "Vi bare lagrer opplysningene til saken er avklart.",
        "Vi lagrar bara uppgifterna tills frågan är utredd.",
        "We only store the data until the matter is resolved.",
    ],
    RestrictedNewsletter => ["Nyhetsbrevet er stanset.", "Nyhetsbrevet är pausat.", "The newsletter is paused."],
    RestrictedPurposes => [
        "Valgfrie formål er satt på pause.",
        "Frivilliga ändamål är pausade.",
        "Optional purposes are suspended.",
    ],
    RestrictedContact => [
        "Kontaktopplysningene kan ikke endres så lenge begrensningen varer.",
        "Kontaktuppgifterna kan inte ändras så länge begränsningen gäller.",
        "Contact details cannot be changed while the restriction lasts.",
    ],
    RestrictionLiftingSoon => [
        "Vi har varslet deg om at begrensningen snart oppheves.",
        "Vi har meddelat dig att begränsningen snart hävs.",
        "We have told you that the restriction will soon be lifted.",
    ],
    ContestedData => ["Det du har bestridt:", "Det du har ifrågasatt:", "What you contested:"],
    QueueEmpty => [
        "Ingen forespørsler passer til søket.",
        "Inga begäranden matchar sökningen.",
        "No requests match the search.",
    ],
    SearchCapped => [
        "Mer enn {0} personer passer til søket; bare forespørslene fra {0} av dem vises. Skriv mer av navnet eller e-postadressen.",
        "Fler än {0} personer matchar sökningen; bara begärandena från {0} av dem visas. Skriv mer av namnet eller e-postadressen.",
        "More than {0} people match the search; only the requests of {0} of them are shown. Type more of the name or e-mail address.",
    ],
    AddNote => ["Legg til notat", "Lägg till anteckning", "Add note"],
    NoteText => [
        "Internt notat (vises ikke for personen)",
        "Intern anteckning (visas inte för personen)",
        "Internal note (not shown to the person)",
    ],
    NoNotes => ["Ingen notater ennå.", "Inga anteckningar ännu.", "No notes yet."],
    GrantRestriction => ["Innvilg begrensningen", "Bevilja begränsningen", "Grant the restriction"],
    Approve => [
        "Godkjenn for utføring",
        "Godkänn för utförande",
        "Approve for execution",
    ],
    AwaitsSecondApproval => [
        "Slettingen venter på godkjenning fra en annen i supporten før den kan utføres.",
        "Raderingen väntar på godkännande från någon annan i supporten innan den kan utföras.",
        "This erasure waits for another member of support to approve it before it can be carried out.",
    ],
    RestrictionInForce => [
        "Begrensning i kraft siden {0}",
        "Begränsning gäller sedan {0}",
        "Restriction in force since {0}",
    ],
    RestrictionLiftingAnnounced => [
        "Personen ble varslet om opphevingen {0}",
        "Personen underrättades om hävandet {0}",
        "The person was told of the lifting on {0}",
    ],
    RestrictionLiftedAt => ["Begrensningen ble opphevet {0}", "Begränsningen hävdes {0}", "The restriction was lifted on {0}"],
    AnnounceLifting => [
        "Varsle personen om oppheving",
        "Underrätta personen om hävande",
        "Tell the person it will be lifted",
    ],
    LiftRestriction => ["Opphev begrensningen", "Häv begränsningen", "Lift the restriction"],
    LiftTitle => ["Oppheve begrensningen?", "Häva begränsningen?", "Lift the restriction?"],
    LiftText => [
        "All behandling av personens data gjenopptas: nyhetsbrev, valgfrie formål og endringer.",
        "All behandling av personens uppgifter återupptas: nyhetsbrev, frivilliga ändamål och ändringar.",
        "All processing of the person's data resumes: newsletter, optional purposes and edits.",
    ],
    RecipientTasks => [
        "Mottakere som skal varsles",
        "Mottagare som ska underrättas",
        "Recipients to notify",
    ],
    OpenRecipientTasks => [
        "Åpne varslinger til mottakere",
        "Öppna underrättelser till mottagare",
        "Open recipient notifications",
    ],
    NoRecipientTasks => [
        "Ingen mottakere venter på varsel.",
        "Inga mottagare väntar på underrättelse.",
        "No recipient is waiting to be notified.",
    ],
    MarkNotified => ["Merk som varslet", "Markera som underrättad", "Mark as notified"],
    NotifiedAt => ["Varslet {0}", "Underrättad {0}", "Notified {0}"],
    ReasonRectification => ["retting", "rättelse", "rectification"],
    ReasonErasure => ["sletting", "radering", "erasure"],
    ReasonRestriction => ["begrensning", "begränsning", "restriction"],
    EvReceived => ["Mottatt", "Mottagen", "Received"],
    EvAssigned => ["Tatt av saksbehandler", "Tagen av handläggare", "Taken by a handler"],
    EvExtended => ["Fristen forlenget", "Tidsfristen förlängd", "Deadline extended"],
    EvInformationRequested => ["Ba om opplysninger", "Begärde uppgifter", "Asked for information"],
    EvAnswered => ["Personen svarte", "Personen svarade", "The person answered"],
    EvRejected => ["Avslått", "Avslagen", "Rejected"],
    EvApproved => ["Godkjent", "Godkänd", "Approved"],
    EvExecuted => ["Utført", "Utförd", "Carried out"],
    EvSecondApproval => [
        "Godkjent for utføring av en annen",
        "Godkänd för utförande av någon annan",
        "Approved for another to carry out",
    ],
    EvWithdrawn => ["Trukket tilbake", "Återkallad", "Withdrawn"],
    EvLiftingAnnounced => ["Varslet om oppheving", "Underrättad om hävande", "Lifting announced"],
    EvRestrictionLifted => ["Begrensningen opphevet", "Begränsningen hävd", "Restriction lifted"],
    ActivityTitle => [
        "Hva andre har gjort med dine data",
        "Vad andra har gjort med dina uppgifter",
        "What others did with your data",
    ],
    NoActivity => [
        "Ingen andre har gjort noe med dine data.",
        "Ingen annan har gjort något med dina uppgifter.",
        "No one else has done anything with your data.",
    ],
    ActContact => ["rettet kontaktopplysninger", "rättade kontaktuppgifter", "corrected contact details"],
    ActAccount => ["rettet kontoens opplysninger", "rättade kontots uppgifter", "corrected the account's details"],
    ActOpened => ["åpnet dataene dine", "öppnade dina uppgifter", "opened your data"],
    ActNewsletter => ["endret nyhetsbrevet", "ändrade nyhetsbrevet", "changed the newsletter"],
    ActPurpose => ["endret et formål", "ändrade ett ändamål", "changed a purpose"],
    ActRequest => ["behandlet en forespørsel", "hanterade en begäran", "handled a request"],
    ActFiled => ["sendte inn en forespørsel", "skickade in en begäran", "filed a request"],
    Withdraw => ["Trekk tilbake", "Återkalla", "Withdraw"],
    WithdrawTitle => [
        "Trekke tilbake forespørselen?",
        "Återkalla begäran?",
        "Withdraw this request?",
    ],
    WithdrawText => [
        "Forespørselen avsluttes og blir ikke behandlet. Du kan sende en ny senere.",
        "Begäran avslutas och kommer inte att behandlas. Du kan skicka en ny senare.",
        "The request is closed and will not be handled. You can file a new one later.",
    ],
    Withdrawn => [
        "Forespørselen er trukket tilbake.",
        "Begäran har återkallats.",
        "The request has been withdrawn.",
    ],
    RequestErasure => ["Be om sletting", "Begär radering", "Request erasure"],
    RequestRestriction => [
        "Be om begrensning",
        "Begär begränsning",
        "Request restriction",
    ],
    DuplicateErasure => [
        "Du har allerede en sletteforespørsel som ikke er ferdigbehandlet.",
        "Du har redan en begäran om radering som inte är färdigbehandlad.",
        "You already have a pending erasure request.",
    ],
    DuplicateRestriction => [
        "Du har allerede en forespørsel om begrensning som ikke er ferdigbehandlet.",
        "Du har redan en begäran om begränsning som inte är färdigbehandlad.",
        "You already have a pending restriction request.",
    ],
    ShowIt => ["Vis den", "Visa den", "Show it"],
    PendingErasure => [
        "Du har allerede en sletteforespørsel under behandling, mottatt {0}. En ny kan sendes når den er avsluttet.",
        "Du har redan en begäran om radering som handläggs, mottagen {0}. En ny kan skickas när den är avslutad.",
        "You already have an erasure request being handled, received {0}. A new one can be filed once it is closed.",
    ],
    PendingRestriction => [
        "Du har allerede en forespørsel om begrensning under behandling, mottatt {0}. En ny kan sendes når den er avsluttet.",
        "Du har redan en begäran om begränsning som handläggs, mottagen {0}. En ny kan skickas när den är avslutad.",
        "You already have a restriction request being handled, received {0}. A new one can be filed once it is closed.",
    ],
    ShowPending => ["Vis forespørselen", "Visa begäran", "Show the request"],
    RequestsTitle => ["Dine forespørsler", "Dina begäranden", "Your requests"],
    AwaitingYourReply => [
        "Venter på svar fra deg",
        "Väntar på svar från dig",
        "Waiting for your reply",
    ],
    RequestFiled => [
        "Forespørselen er mottatt. Vi svarer senest {0}.",
        "Din begäran har tagits emot. Vi svarar senast {0}.",
        "Your request has been received. We will answer by {0}.",
    ],

    ErasurePreviewIntro => [
        "Slik ville en sletting se ut i dag:",
        "Så här skulle en radering se ut i dag:",
        "This is what erasure would do today:",
    ],
    ErasedNow => [
        "Slettes eller anonymiseres",
        "Raderas eller anonymiseras",
        "Erased or anonymised",
    ],
    NothingErased => [
        "Ingenting å slette.",
        "Inget att radera.",
        "Nothing to erase.",
    ],
    KeptByLaw => [
        "Beholdes fordi loven krever det",
        "Sparas eftersom lagen kräver det",
        "Kept because the law requires it",
    ],
    NothingKept => [
        "Ingenting må beholdes.",
        "Inget behöver sparas.",
        "Nothing needs to be kept.",
    ],
    HeldRecord => ["Opplysning", "Uppgift", "Record"],
    Rule => ["Regel", "Regel", "Rule"],
    KeptUntil => ["Beholdes til", "Sparas till", "Kept until"],
    KeptWhileRuleApplies => [
        "Så lenge regelen gjelder",
        "Så länge regeln gäller",
        "While the rule applies",
    ],
    ErasureTimeline => [
        "Slettede opplysninger fjernes fra de løpende systemene innen {0} dager, og fra sikkerhetskopiene innen ytterligere {1} dager.",
        "Raderade uppgifter tas bort från de löpande systemen inom {0} dagar och från säkerhetskopiorna inom ytterligare {1} dagar.",
        "Erased data leaves our online systems within {0} days, and our backups within {1} more days.",
    ],
    ErasureGroundsLegend => [
        "Hvorfor ber du om sletting? Velg minst én grunn.",
        "Varför begär du radering? Välj minst ett skäl.",
        "Why do you ask for erasure? Choose at least one reason.",
    ],
    ErasureDetails => [
        "Utdyp gjerne (valgfritt)",
        "Beskriv gärna närmare (frivilligt)",
        "Anything to add (optional)",
    ],
    ErasureConfirmTitle => [
        "Bekreft sletteforespørselen",
        "Bekräfta begäran om radering",
        "Confirm your erasure request",
    ],
    ErasureConfirmText => [
        "Når slettingen er gjennomført, kan den ikke angres. Opplysningene kan ikke hentes tilbake, og tjenester som trenger dem, kan bli avsluttet.",
        "När raderingen har genomförts går den inte att ångra. Uppgifterna kan inte återställas, och tjänster som behöver dem kan avslutas.",
        "Once the erasure has been carried out, it cannot be undone. The data cannot be restored, and services that need it may end.",
    ],
    FileRequest => ["Send forespørselen", "Skicka begäran", "File the request"],
    Filing => ["Sender …", "Skickar …", "Filing …"],

    RestrictionWarningTitle => [
        "Les dette før du sender",
        "Läs detta innan du skickar",
        "Read this before you file",
    ],
    RestrictionWarning => [
        "Mens behandlingen er begrenset, gjør vi ikke annet enn å lagre opplysningene. Det kan bety at leveransen av tjenestene dine (for eksempel webhotell, domener og fakturering) stanser til saken er avklart.",
        "Medan behandlingen är begränsad gör vi inget annat än att spara uppgifterna. Det kan innebära att leveransen av dina tjänster (till exempel webbhotell, domäner och fakturering) pausas tills saken är utredd.",
        "While processing is restricted, we do nothing with your data but store it. Delivery of your services (such as hosting, domains and invoicing) may therefore pause until the matter is resolved.",
    ],
    RestrictionAcknowledge => [
        "Jeg forstår at tjenestene mine kan stanse mens behandlingen er begrenset.",
        "Jag förstår att mina tjänster kan pausas medan behandlingen är begränsad.",
        "I understand that my services may pause while processing is restricted.",
    ],
    Contested => [
        "Hvilke opplysninger mener du er uriktige?",
        "Vilka uppgifter anser du är felaktiga?",
        "Which data do you believe is inaccurate?",
    ],
    Reason => [
        "Hvorfor mener du det?",
        "Varför anser du det?",
        "Why do you believe so?",
    ],

    ErrForbidden => [
        "Du har ikke tilgang til dette.",
        "Du har inte behörighet till detta.",
        "You do not have access to this.",
    ],
    ErrNotFound => [
        "Fant ikke det du ba om. Det kan ha blitt endret i mellomtiden.",
        "Det du efterfrågade hittades inte. Det kan ha ändrats under tiden.",
        "What you asked for was not found. It may have changed in the meantime.",
    ],
    ErrMalformed => [
        "Serveren kunne ikke lese forespørselen. Last inn siden på nytt og prøv igjen.",
        "Servern kunde inte läsa begäran. Ladda om sidan och försök igen.",
        "The server could not read the request. Reload the page and try again.",
    ],
    ErrValidation => [
        "Noen felt er ikke fylt ut riktig.",
        "Vissa fält är inte korrekt ifyllda.",
        "Some fields are not filled in correctly.",
    ],
    ErrConflict => [
        "Noen andre har endret dette i mellomtiden.",
        "Någon annan har ändrat detta under tiden.",
        "Someone else changed this in the meantime.",
    ],
    ErrDuplicate => [
        "Du har allerede en forespørsel av denne typen som ikke er ferdigbehandlet.",
        "Du har redan en begäran av det här slaget som inte är färdigbehandlad.",
        "You already have a pending request of this kind.",
    ],
    ErrInvalidState => [
        "Dette kan ikke gjøres slik saken står nå.",
        "Det går inte att göra i ärendets nuvarande läge.",
        "This cannot be done in the request's current state.",
    ],
    ErrTooLarge => [
        "Teksten er for lang.",
        "Texten är för lång.",
        "The text is too long.",
    ],
    ErrRestricted => [
        "Behandlingen av opplysningene dine er begrenset, så dette kan ikke endres nå.",
        "Behandlingen av dina uppgifter är begränsad, så detta kan inte ändras nu.",
        "Processing of your data is restricted, so this cannot be changed now.",
    ],
    HostLockedFields => [
        "Felt som ikke kan redigeres, kan bare endres av kundeservice. Kontakt oss om noe er feil.",
        "Fält som inte går att redigera kan bara ändras av kundtjänst. Kontakta oss om något är fel.",
        "Fields you cannot edit can only be changed by customer service. Contact us if something is wrong.",
    ],
    ErasureDomainKeepsAccount => [
        "Et domene på kontoen er fortsatt registrert, med deg som innehaver. Kontoens navn og adresse blir stående så lenge domenet er registrert, og slettes når det ikke lenger er det.",
        "En domän på kontot är fortfarande registrerad, med dig som innehavare. Kontots namn och adress finns kvar så länge domänen är registrerad och raderas när den inte längre är det.",
        "A domain on the account is still registered, with you as its registrant. The account's name and address stay while it is registered, and are erased once it no longer is.",
    ],
    ErrEmailTaken => [
        "E-postadressen er allerede i bruk på en annen konto hos oss. Bruk en annen adresse.",
        "E-postadressen används redan på ett annat konto hos oss. Använd en annan adress.",
        "This e-mail address is already used by another account with us. Use another address.",
    ],
    ErrInvoiceSnapshotsOff => [
        "WHMCS lagrer ikke kundedata på fakturaene («Store Client Data Snapshot» under System Settings > General Settings > Invoices er av), så beholdte fakturaer ville vist den slettede personen. Slå innstillingen på, og utfør slettingen igjen.",
        "WHMCS sparar inte kunduppgifter på fakturorna (”Store Client Data Snapshot” under System Settings > General Settings > Invoices är av), så sparade fakturor skulle visa den raderade personen. Slå på inställningen och utför raderingen igen.",
        "WHMCS does not keep the buyer on its invoices (\"Store Client Data Snapshot\" under System Settings > General Settings > Invoices is off), so kept invoices would show the erased person. Turn the setting on, then execute the erasure again.",
    ],
    ErrBillingRefused => [
        "Kundesystemet vårt godtok ikke endringen. Sjekk feltene, eller kontakt kundeservice.",
        "Vårt kundsystem godtog inte ändringen. Kontrollera fälten eller kontakta kundtjänst.",
        "Our billing system did not accept the change. Check the fields, or contact customer service.",
    ],
    ErrSecondApproval => [
        "Slettingen må godkjennes av en annen i supporten før den kan utføres.",
        "Raderingen måste godkännas av någon annan i supporten innan den kan utföras.",
        "Another member of support must approve this erasure before it is carried out.",
    ],
    ErrRateLimited => [
        "For mange forespørsler på kort tid. Vent litt og prøv igjen.",
        "För många förfrågningar på kort tid. Vänta en stund och försök igen.",
        "Too many requests in a short time. Wait a moment and try again.",
    ],
    ErrNetwork => [
        "Fikk ikke kontakt med serveren. Sjekk nettforbindelsen og prøv igjen.",
        "Det gick inte att nå servern. Kontrollera anslutningen och försök igen.",
        "Could not reach the server. Check your connection and try again.",
    ],
    ErrInternal => [
        "Noe gikk galt hos oss. Prøv igjen om litt.",
        "Något gick fel hos oss. Försök igen om en stund.",
        "Something went wrong on our side. Please try again shortly.",
    ],
    BasisContract => ["Avtale", "Avtal", "Contract"],
    BasisLegalObligation => ["Rettslig forpliktelse", "Rättslig förpliktelse", "Legal obligation"],
    BasisLegitimateInterest => ["Berettiget interesse", "Berättigat intresse", "Legitimate interest"],
    BasisConsent => ["Samtykke", "Samtycke", "Consent"],

    KindErasure => ["Sletting", "Radering", "Erasure"],
    KindRestriction => [
        "Begrensning av behandling",
        "Begränsning av behandling",
        "Restriction of processing",
    ],

    StatusSubmitted => ["Mottatt", "Mottagen", "Received"],
    StatusInProgress => ["Under behandling", "Under behandling", "In progress"],
    StatusRejected => ["Avslått", "Avslagen", "Rejected"],
    StatusCompleted => ["Fullført", "Slutförd", "Completed"],
    StatusWithdrawn => ["Trukket tilbake", "Återkallad", "Withdrawn"],

    GroundNoLongerNecessary => [
        "Opplysningene trengs ikke lenger til det de ble samlet inn for.",
        "Uppgifterna behövs inte längre för det de samlades in för.",
        "The data is no longer needed for what it was collected for.",
    ],
    GroundConsentWithdrawn => [
        "Jeg trekker tilbake samtykket mitt, og det finnes ikke noe annet grunnlag.",
        "Jag återkallar mitt samtycke, och det finns ingen annan rättslig grund.",
        "I withdraw my consent, and there is no other legal basis.",
    ],
    GroundObjection => [
        "Jeg protesterer mot behandlingen, også mot direkte markedsføring.",
        "Jag invänder mot behandlingen, även mot direktmarknadsföring.",
        "I object to the processing, including direct marketing.",
    ],
    GroundUnlawfulProcessing => [
        "Opplysningene er behandlet ulovlig.",
        "Uppgifterna har behandlats olagligt.",
        "The data has been processed unlawfully.",
    ],
    GroundLegalObligation => [
        "Opplysningene må slettes for å oppfylle en rettslig forpliktelse.",
        "Uppgifterna måste raderas för att uppfylla en rättslig förpliktelse.",
        "The data must be erased to comply with a legal obligation.",
    ],
    GroundChildServices => [
        "Opplysningene ble samlet inn da jeg var barn, i forbindelse med en nettjeneste.",
        "Uppgifterna samlades in när jag var barn, i samband med en internettjänst.",
        "The data was collected when I was a child, in connection with an online service.",
    ],

    SegmentBusiness => ["Bedrift", "Företag", "Business"],
    SegmentPrivatePerson => ["Privatperson", "Privatperson", "Private person"],
    SegmentJournalist => ["Journalist", "Journalist", "Journalist"],
    SegmentOther => ["Annet", "Annat", "Other"],

    CategoryIdentification => ["identifikasjon", "identifiering", "identification"],
    CategoryContact => ["kontaktopplysninger", "kontaktuppgifter", "contact details"],
    CategoryCustomerRelationship => ["kundeforhold", "kundförhållande", "customer relationship"],
    CategoryHistory => ["historikk", "historik", "history"],
    CategoryAutomaticallyCollected => [
        "automatisk innsamlede data",
        "automatiskt insamlade uppgifter",
        "automatically collected data",
    ],
    CategoryMarketing => ["markedsføring", "marknadsföring", "marketing"],
    CategoryConsents => ["samtykker", "samtycken", "consents"],
    ShowRecords => ["Vis hva vi har", "Visa vad vi har", "Show what we hold"],
    HideRecords => ["Skjul", "Dölj", "Hide"],

    January => ["januar", "januari", "January"],
    February => ["februar", "februari", "February"],
    March => ["mars", "mars", "March"],
    April => ["april", "april", "April"],
    May => ["mai", "maj", "May"],
    June => ["juni", "juni", "June"],
    July => ["juli", "juli", "July"],
    August => ["august", "augusti", "August"],
    September => ["september", "september", "September"],
    October => ["oktober", "oktober", "October"],
    November => ["november", "november", "November"],
    December => ["desember", "december", "December"],
}

// The same texts while a company admin acts for someone else: about that person, not
// "you". Texts that speak to the reader as the one acting ("Why do you ask for
// erasure?") need no second wording.
about_others! {
    TabOverview => ["{whose} data", "{whose} uppgifter", "{whose} data"],
    OverviewIntro => [
        "Her ser du hvilke opplysninger vi har om {who}, hva de brukes til, hvem de deles med og hvor lenge de lagres.",
        "Här ser du vilka uppgifter vi har om {who}, vad de används till, vem de delas med och hur länge de sparas.",
        "Here you can see what we hold about {who}, what it is used for, who receives it and how long it is kept.",
    ],
    YourRights => ["{whose} rettigheter", "{whose} rättigheter", "{whose} rights"],
    RightAccess => [
        "{who} har rett til å vite hvilke opplysninger vi har, hva de brukes til, hvem de deles med og hvor lenge de lagres. Denne siden viser det.",
        "{who} har rätt att få veta vilka uppgifter vi har, vad de används till, vem de delas med och hur länge de sparas. Den här sidan visar det.",
        "{who} has the right to know what we hold, what it is used for, who receives it and how long it is kept. This page shows it.",
    ],
    RightPortability => [
        "{whose} opplysninger kan lastes ned i et strukturert, maskinlesbart format (JSON) og tas med til en annen leverandør.",
        "{whose} uppgifter kan laddas ned i ett strukturerat, maskinläsbart format (JSON) och tas med till en annan leverantör.",
        "{whose} data can be downloaded in a structured, machine-readable format (JSON) and taken to another provider.",
    ],
    RightRectification => [
        "Stemmer ikke opplysningene, kan du rette {whose} kontaktopplysninger under «Kontaktopplysninger».",
        "Om uppgifterna inte stämmer kan du rätta {whose} kontaktuppgifter under ”Kontaktuppgifter”.",
        "If something is wrong, you can correct {whose} contact details under “Contact details”.",
    ],
    RightErasure => [
        "Du kan be om at {whose} opplysninger slettes. Det loven pålegger oss å beholde, for eksempel regnskapsbilag, beholdes til plikten opphører; resten slettes eller anonymiseres.",
        "Du kan begära att {whose} uppgifter raderas. Det som lagen kräver att vi sparar, till exempel räkenskapsinformation, sparas tills skyldigheten upphör; resten raderas eller anonymiseras.",
        "You can ask for {whose} data to be erased. What the law requires us to keep, such as accounting records, is kept until that duty ends; the rest is erased or anonymised.",
    ],
    RightRestriction => [
        "Er opplysninger om {who} uriktige, kan du be om at vi bare lagrer dem og ellers ikke bruker dem mens saken avklares.",
        "Om uppgifter om {who} är felaktiga kan du begära att vi bara sparar dem och inte använder dem på annat sätt medan saken utreds.",
        "If data about {who} is inaccurate, you can ask us to only store it, and not otherwise use it, while the matter is looked into.",
    ],
    RightObjection => [
        "Du kan protestere mot behandling av {whose} opplysninger som bygger på berettiget interesse, og trekke tilbake samtykker under «Formål og samtykke». Protest mot direkte markedsføring tas alltid til følge.",
        "Du kan invända mot behandling av {whose} uppgifter som grundar sig på berättigat intresse och återkalla samtycken under ”Ändamål och samtycke”. En invändning mot direktmarknadsföring gäller alltid.",
        "You can object to processing of {whose} data based on legitimate interest, and withdraw consent, under “Purposes and consent”. An objection to direct marketing always applies.",
    ],
    ComplaintText => [
        "{who} kan klage til tilsynsmyndigheten hvis vi behandler personopplysningene i strid med regelverket:",
        "{who} kan klaga hos tillsynsmyndigheten om vi behandlar personuppgifterna i strid med reglerna:",
        "{who} can complain to the supervisory authority if we process the personal data unlawfully:",
    ],
    ExportIntro => [
        "Last ned en fullstendig kopi av opplysningene vi har om {who}, i maskinlesbart JSON-format eller som en side å lese i nettleseren. Filen kan inneholde sensitive opplysninger som personnummer, så oppbevar den trygt.",
        "Ladda ned en fullständig kopia av uppgifterna vi har om {who} i maskinläsbart JSON-format eller som en sida att läsa i webbläsaren. Filen kan innehålla känsliga uppgifter som personnummer, så förvara den säkert.",
        "Download a complete copy of the data we hold about {who}, in machine-readable JSON or as a page to read in the browser. The file may contain sensitive data such as a personal identity number, so keep it safe.",
    ],
    ExportButton => [
        "Last ned {whose} data (JSON)",
        "Ladda ned {whose} uppgifter (JSON)",
        "Download {whose} data (JSON)",
    ],
    ContactIntro => [
        "Rett {whose} opplysninger hvis de ikke stemmer. Hver endring lagres med tidspunkt og hvem som gjorde den.",
        "Rätta {whose} uppgifter om de inte stämmer. Varje ändring sparas med tidpunkt och vem som gjorde den.",
        "Correct {whose} details if they are wrong. Each change is recorded with the time and who made it.",
    ],
    LoginFieldsReadOnly => [
        "Navn, e-post og språk hører til {whose} egen innlogging, som bare {who} selv kan endre.",
        "Namn, e-post och språk hör till {whose} egen inloggning, som bara {who} själv kan ändra.",
        "Name, e-mail and language belong to {whose} own login, which only {who} can change.",
    ],
    ContactLanguage => [
        "Språket vi skriver til {who} på",
        "Språket vi skriver till {who} på",
        "Language we write to {who} in",
    ],
    ActorCompanyAdmin => [
        "Bedriftens administrator",
        "Företagets administratör",
        "The company administrator",
    ],
    NewsletterSubscribed => [
        "{who} abonnerer på nyhetsbrevet.",
        "{who} prenumererar på nyhetsbrevet.",
        "{who} is subscribed to the newsletter.",
    ],
    NewsletterNotSubscribed => [
        "{who} abonnerer ikke på nyhetsbrevet.",
        "{who} prenumererar inte på nyhetsbrevet.",
        "{who} is not subscribed to the newsletter.",
    ],
    Unsubscribe => ["Meld {who} av", "Avsluta prenumerationen för {who}", "Unsubscribe {who}"],
    Subscribe => ["Meld {who} på", "Starta en prenumeration för {who}", "Subscribe {who}"],
    UnsubscribeNote => [
        "Ved avmelding slettes abonnementsopplysningene til {who}.",
        "Vid avregistrering raderas prenumerationsuppgifterna för {who}.",
        "Unsubscribing deletes {whose} subscription data.",
    ],
    Segment => ["{who} er", "{who} är", "{who} is"],
    NewsletterOtherMarketing => [
        "Annen e-post med nyheter og tilbud til {who}, som nyheter om tjenestene, slås av og på under «Formål og samtykke».",
        "Annan e-post med nyheter och erbjudanden till {who}, som nyheter om tjänsterna, slås av och på under ”Ändamål och samtycke”.",
        "Other e-mail with news and offers to {who}, such as news about the services, is switched on and off under “Purposes and consent”.",
    ],
    RequestsTitle => ["{whose} forespørsler", "{whose} begäranden", "{whose} requests"],
    RequestsIntro => [
        "Her følger du {whose} forespørsler og ser datoen vi senest skal svare innen.",
        "Här följer du {whose} begäranden och ser det datum då vi senast ska svara.",
        "Here you can follow {whose} requests and see the date by which we must answer.",
    ],
    NoRequests => [
        "{who} har ingen forespørsler.",
        "{who} har inga begäranden.",
        "{who} has no requests.",
    ],
    AwaitingYourReply => [
        "Venter på svar fra {who}",
        "Väntar på svar från {who}",
        "Waiting for {whose} reply",
    ],
    ComplaintRoute => [
        "{who} kan klage til tilsynsmyndigheten:",
        "{who} kan klaga hos tillsynsmyndigheten:",
        "{who} can complain to the supervisory authority:",
    ],
    PassedOnIntro => [
        "Når {whose} opplysninger rettes, slettes eller begrenses, varsler vi dem vi har gitt opplysningene til.",
        "När {whose} uppgifter rättas, raderas eller begränsas underrättar vi dem vi har lämnat uppgifterna till.",
        "When {whose} data is corrected, erased or restricted, we tell those we passed it on to.",
    ],
    RestrictedSince => [
        "Behandlingen av {whose} opplysninger er begrenset siden {0}",
        "Behandlingen av {whose} uppgifter är begränsad sedan {0}",
        "Processing of {whose} data has been restricted since {0}",
    ],
    RestrictionLiftingSoon => [
        "Vi har varslet {who} om at begrensningen snart oppheves.",
        "Vi har meddelat {who} att begränsningen snart hävs.",
        "We have told {who} that the restriction will soon be lifted.",
    ],
    ContestedData => ["Det {who} har bestridt:", "Det {who} har ifrågasatt:", "What {who} contested:"],
    DuplicateErasure => [
        "{who} har allerede en sletteforespørsel som ikke er ferdigbehandlet.",
        "{who} har redan en begäran om radering som inte är färdigbehandlad.",
        "{who} already has a pending erasure request.",
    ],
    DuplicateRestriction => [
        "{who} har allerede en forespørsel om begrensning som ikke er ferdigbehandlet.",
        "{who} har redan en begäran om begränsning som inte är färdigbehandlad.",
        "{who} already has a pending restriction request.",
    ],
    PendingErasure => [
        "{who} har allerede en sletteforespørsel under behandling, mottatt {0}. En ny kan sendes når den er avsluttet.",
        "{who} har redan en begäran om radering som handläggs, mottagen {0}. En ny kan skickas när den är avslutad.",
        "{who} already has an erasure request being handled, received {0}. A new one can be filed once it is closed.",
    ],
    PendingRestriction => [
        "{who} har allerede en forespørsel om begrensning under behandling, mottatt {0}. En ny kan sendes når den er avsluttet.",
        "{who} har redan en begäran om begränsning som handläggs, mottagen {0}. En ny kan skickas när den är avslutad.",
        "{who} already has a restriction request being handled, received {0}. A new one can be filed once it is closed.",
    ],
    RequestFiled => [
        "Forespørselen for {who} er mottatt. Vi svarer senest {0}.",
        "Begäran för {who} har tagits emot. Vi svarar senast {0}.",
        "The request for {who} has been received. We will answer by {0}.",
    ],
    RestrictionWarning => [
        "Mens behandlingen er begrenset, gjør vi ikke annet enn å lagre opplysningene. Det kan bety at leveransen av tjenestene til {who} (for eksempel webhotell, domener og fakturering) stanser til saken er avklart.",
        "Medan behandlingen är begränsad gör vi inget annat än att spara uppgifterna. Det kan innebära att leveransen av tjänsterna till {who} (till exempel webbhotell, domäner och fakturering) pausas tills saken är utredd.",
        "While processing is restricted, we do nothing with {whose} data but store it. Delivery of {whose} services (such as hosting, domains and invoicing) may therefore pause until the matter is resolved.",
    ],
    RestrictionAcknowledge => [
        "Jeg forstår at tjenestene til {who} kan stanse mens behandlingen er begrenset.",
        "Jag förstår att tjänsterna för {who} kan pausas medan behandlingen är begränsad.",
        "I understand that {whose} services may pause while processing is restricted.",
    ],
    Contested => [
        "Hvilke opplysninger om {who} er uriktige?",
        "Vilka uppgifter om {who} är felaktiga?",
        "Which data about {who} is inaccurate?",
    ],
    ErrDuplicate => [
        "{who} har allerede en forespørsel av denne typen som ikke er ferdigbehandlet.",
        "{who} har redan en begäran av det här slaget som inte är färdigbehandlad.",
        "{who} already has a pending request of this kind.",
    ],
    ErrRestricted => [
        "Behandlingen av {whose} opplysninger er begrenset, så dette kan ikke endres nå.",
        "Behandlingen av {whose} uppgifter är begränsad, så detta kan inte ändras nu.",
        "Processing of {whose} data is restricted, so this cannot be changed now.",
    ],
    GroundConsentWithdrawn => [
        "{who} trekker tilbake samtykket sitt, og det finnes ikke noe annet grunnlag.",
        "{who} återkallar sitt samtycke, och det finns ingen annan rättslig grund.",
        "{who} withdraws consent, and there is no other legal basis.",
    ],
    GroundObjection => [
        "{who} protesterer mot behandlingen, også mot direkte markedsføring.",
        "{who} invänder mot behandlingen, även mot direktmarknadsföring.",
        "{who} objects to the processing, including direct marketing.",
    ],
    GroundChildServices => [
        "Opplysningene ble samlet inn da {who} var barn, i forbindelse med en nettjeneste.",
        "Uppgifterna samlades in när {who} var barn, i samband med en internettjänst.",
        "The data was collected when {who} was a child, in connection with an online service.",
    ],
}

/// The message for an API error code.
pub fn error_key(code: ErrorCode) -> Key {
    match code {
        ErrorCode::InvalidLaunchToken => Key::LaunchExpired,
        ErrorCode::Unauthenticated => Key::SessionEnded,
        ErrorCode::Forbidden => Key::ErrForbidden,
        ErrorCode::NotFound => Key::ErrNotFound,
        ErrorCode::MalformedBody | ErrorCode::QueryOutOfRange => Key::ErrMalformed,
        ErrorCode::ValidationFailed => Key::ErrValidation,
        ErrorCode::VersionConflict => Key::ErrConflict,
        ErrorCode::DuplicateRequest => Key::ErrDuplicate,
        ErrorCode::InvalidState => Key::ErrInvalidState,
        ErrorCode::PayloadTooLarge => Key::ErrTooLarge,
        ErrorCode::Restricted => Key::ErrRestricted,
        ErrorCode::RateLimited => Key::ErrRateLimited,
        ErrorCode::SecondApprovalRequired => Key::ErrSecondApproval,
        ErrorCode::EmailTaken => Key::ErrEmailTaken,
        ErrorCode::BillingRefused => Key::ErrBillingRefused,
        ErrorCode::InvoiceSnapshotsOff => Key::ErrInvoiceSnapshotsOff,
        ErrorCode::UnsupportedMediaType | ErrorCode::MethodNotAllowed | ErrorCode::Internal => {
            Key::ErrInternal
        }
    }
}

/// The name of a contact-details field (as `ContactDetails::FIELDS` and the change history
/// name them).
pub fn field_label(locale: Locale, field: &str) -> &str {
    let key = match field {
        "name" => Key::FieldName,
        "email" => Key::FieldEmail,
        "phone" => Key::FieldPhone,
        "street" => Key::FieldStreet,
        "postal_code" => Key::FieldPostalCode,
        "city" => Key::FieldCity,
        "country" => Key::FieldCountry,
        "company" => Key::FieldCompany,
        "address2" => Key::FieldAddress2,
        "state" => Key::FieldState,
        "language" => Key::FieldLanguage,
        // A field added by a newer server: its technical name beats showing nothing.
        other => return other,
    };
    t(locale, key)
}

pub fn legal_basis_name(locale: Locale, basis: LegalBasis) -> &'static str {
    let key = match basis {
        LegalBasis::Contract => Key::BasisContract,
        LegalBasis::LegalObligation => Key::BasisLegalObligation,
        LegalBasis::LegitimateInterest => Key::BasisLegitimateInterest,
        LegalBasis::Consent => Key::BasisConsent,
    };
    t(locale, key)
}

/// Why a purpose the person cannot switch off is required.
pub fn required_because(locale: Locale, basis: LegalBasis) -> &'static str {
    let key = match basis {
        LegalBasis::Contract => Key::RequiredByContract,
        LegalBasis::LegalObligation => Key::RequiredByLaw,
        LegalBasis::LegitimateInterest | LegalBasis::Consent => Key::RequiredOther,
    };
    t(locale, key)
}

pub fn request_kind_name(locale: Locale, kind: RequestKind) -> &'static str {
    let key = match kind {
        RequestKind::Erasure => Key::KindErasure,
        RequestKind::Restriction => Key::KindRestriction,
    };
    t(locale, key)
}

/// A request's status as the person (or the admin acting for `other`) reads it.
pub fn request_status_name(
    locale: Locale,
    status: RequestStatus,
    other: Option<&str>,
) -> Cow<'static, str> {
    let key = match status {
        RequestStatus::Submitted => Key::StatusSubmitted,
        RequestStatus::InProgress => Key::StatusInProgress,
        RequestStatus::AwaitingSubject => return about(locale, Key::AwaitingYourReply, other),
        RequestStatus::Rejected => Key::StatusRejected,
        RequestStatus::Completed => Key::StatusCompleted,
        RequestStatus::Withdrawn => Key::StatusWithdrawn,
    };
    Cow::Borrowed(t(locale, key))
}

/// A plain-language label for an erasure ground of GDPR art. 17(1). The grounds that the
/// person states in the first person ("I withdraw my consent") name `other` instead when
/// an admin files for them.
pub fn erasure_ground_label(
    locale: Locale,
    ground: ErasureGround,
    other: Option<&str>,
) -> Cow<'static, str> {
    let key = match ground {
        ErasureGround::NoLongerNecessary => Key::GroundNoLongerNecessary,
        ErasureGround::ConsentWithdrawn => Key::GroundConsentWithdrawn,
        ErasureGround::Objection => Key::GroundObjection,
        ErasureGround::UnlawfulProcessing => Key::GroundUnlawfulProcessing,
        ErasureGround::LegalObligation => Key::GroundLegalObligation,
        ErasureGround::ChildServices => Key::GroundChildServices,
    };
    about(locale, key, other)
}

/// The letter of art. 17(1) a ground stands for.
pub fn erasure_ground_letter(ground: ErasureGround) -> char {
    match ground {
        ErasureGround::NoLongerNecessary => 'a',
        ErasureGround::ConsentWithdrawn => 'b',
        ErasureGround::Objection => 'c',
        ErasureGround::UnlawfulProcessing => 'd',
        ErasureGround::LegalObligation => 'e',
        ErasureGround::ChildServices => 'f',
    }
}

pub fn segment_name(locale: Locale, segment: NewsletterSegment) -> &'static str {
    let key = match segment {
        NewsletterSegment::Business => Key::SegmentBusiness,
        NewsletterSegment::PrivatePerson => Key::SegmentPrivatePerson,
        NewsletterSegment::Journalist => Key::SegmentJournalist,
        NewsletterSegment::Other => Key::SegmentOther,
    };
    t(locale, key)
}

/// Who made a change, as the reader sees it: "you" (the reader, `me`), the person whose
/// data it is (by name when an admin reads for `other`), their company's administrator, or
/// support.
pub fn actor_label(
    locale: Locale,
    actor: &Actor,
    me: &str,
    other: Option<&str>,
) -> Cow<'static, str> {
    let key = if actor.person_id == me {
        Key::ActorYou
    } else {
        match actor.role {
            // Only the person themself acts as a customer on their own data.
            Role::Customer => match other {
                Some(name) => return Cow::Owned(name.to_string()),
                None => Key::ActorYou,
            },
            Role::CompanyAdmin => Key::ActorCompanyAdmin,
            Role::Support => Key::ActorSupport,
        }
    };
    about(locale, key, other)
}

/// A request's status as support sees it: "waiting for the person", not "for you".
pub fn console_status_name(locale: Locale, status: RequestStatus) -> Cow<'static, str> {
    match status {
        RequestStatus::AwaitingSubject => Cow::Borrowed(t(locale, Key::AwaitingPerson)),
        other => request_status_name(locale, other, None),
    }
}

/// Who took a step on a request, as support sees it: the person, their company's admin,
/// or a colleague by id.
pub fn console_actor_label(locale: Locale, actor: &Actor, me: &str) -> String {
    if actor.person_id == me {
        return t(locale, Key::ActorYou).to_string();
    }
    match actor.role {
        Role::Customer => t(locale, Key::ActorSubject).to_string(),
        Role::CompanyAdmin => format!(
            "{} ({})",
            t(locale, Key::ActorCompanyAdmin),
            actor.person_id
        ),
        Role::Support => format!("{} ({})", t(locale, Key::ActorSupport), actor.person_id),
    }
}

/// An audit action (`contact.corrected`, `request.filed`…) in words.
pub fn activity_label(locale: Locale, action: &str) -> String {
    let key = match action.split('.').next().unwrap_or("") {
        _ if action == "request.filed" => Key::ActFiled,
        "contact" => Key::ActContact,
        "account" => Key::ActAccount,
        "data" | "support" => Key::ActOpened,
        "newsletter" => Key::ActNewsletter,
        "purpose" => Key::ActPurpose,
        "request" => Key::ActRequest,
        _ => return action.to_string(),
    };
    t(locale, key).to_string()
}

/// A step in a request's history (`received`, `extended`…) in words.
/// A name the widget does not know (from a newer server) is shown as it is.
pub fn request_event_label(locale: Locale, event: &str) -> String {
    use RequestEventKind as E;
    let Some(kind) = E::parse(event) else {
        return event.to_string();
    };
    let key = match kind {
        E::Received => Key::EvReceived,
        E::Assigned => Key::EvAssigned,
        E::Extended => Key::EvExtended,
        E::InformationRequested => Key::EvInformationRequested,
        E::Answered => Key::EvAnswered,
        E::Rejected => Key::EvRejected,
        E::Approved => Key::EvApproved,
        E::Executed => Key::EvExecuted,
        E::Withdrawn => Key::EvWithdrawn,
        E::LiftingAnnounced => Key::EvLiftingAnnounced,
        E::RestrictionLifted => Key::EvRestrictionLifted,
        E::SecondApproval => Key::EvSecondApproval,
    };
    t(locale, key).to_string()
}

pub fn recipient_reason_name(locale: Locale, reason: RecipientNoticeReason) -> &'static str {
    t(
        locale,
        match reason {
            RecipientNoticeReason::Rectification => Key::ReasonRectification,
            RecipientNoticeReason::Erasure => Key::ReasonErasure,
            RecipientNoticeReason::Restriction => Key::ReasonRestriction,
        },
    )
}

pub fn month_name(locale: Locale, month: time::Month) -> &'static str {
    const MONTHS: [Key; 12] = [
        Key::January,
        Key::February,
        Key::March,
        Key::April,
        Key::May,
        Key::June,
        Key::July,
        Key::August,
        Key::September,
        Key::October,
        Key::November,
        Key::December,
    ];
    t(locale, MONTHS[month as usize - 1])
}

/// The name of a data category in lower case, as a sentence uses it.
pub fn category_name(locale: Locale, category: DataCategory) -> &'static str {
    let key = match category {
        DataCategory::Identification => Key::CategoryIdentification,
        DataCategory::Contact => Key::CategoryContact,
        DataCategory::CustomerRelationship => Key::CategoryCustomerRelationship,
        DataCategory::History => Key::CategoryHistory,
        DataCategory::AutomaticallyCollected => Key::CategoryAutomaticallyCollected,
        DataCategory::Marketing => Key::CategoryMarketing,
        DataCategory::Consents => Key::CategoryConsents,
    };
    t(locale, key)
}

fn pick(locale: Locale, [nb, sv, en]: [&'static str; 3]) -> &'static str {
    match locale {
        Locale::Nb => nb,
        Locale::Sv => sv,
        Locale::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts that are rightly the same word in Norwegian and English.
    const SAME_IN_NB_AND_EN: &[Key] = &[Key::Status, Key::Kind, Key::SegmentJournalist];

    #[test]
    fn every_text_exists_in_every_language_and_is_translated() {
        for &key in Key::ALL {
            let [nb, sv, en] = texts(key);
            for text in [nb, sv, en] {
                assert!(!text.trim().is_empty(), "{key:?} has an empty text");
            }
            if !SAME_IN_NB_AND_EN.contains(&key) {
                assert_ne!(nb, en, "{key:?} looks untranslated");
            }
        }
    }

    #[test]
    fn a_language_file_gives_the_texts_of_the_table() {
        for locale in Locale::ALL {
            install(locale, &language_file(locale)).unwrap();
            assert!(installed(locale));
            for (i, &key) in Key::ALL.iter().enumerate() {
                assert_eq!(key as usize, i);
                assert_eq!(
                    installed_text(locale, key as usize),
                    t(locale, key),
                    "{key:?}"
                );
            }
            for &key in ABOUT_OTHERS {
                let slot = about_slot(key).unwrap();
                assert_eq!(
                    Some(installed_text(locale, Key::COUNT + slot)),
                    about_other(locale, key),
                    "{key:?}"
                );
            }
            assert_eq!(about_slot(Key::Save), None);
        }
        // The texts are what the table says, in the language asked for.
        let nb: Vec<String> = crate::json::from_str(&language_file(Locale::Nb)).unwrap();
        assert_eq!(nb[Key::Retry as usize], "Prøv igjen");
        assert_eq!(nb.len(), Key::COUNT + ABOUT_OTHERS.len());
    }

    #[test]
    fn a_language_file_of_another_build_is_refused() {
        let mut texts: Vec<String> = crate::json::from_str(&language_file(Locale::Sv)).unwrap();
        texts.pop();
        let short = crate::json::to_string(&texts).unwrap();
        assert!(install(Locale::Sv, &short).is_err());
        assert!(install(Locale::Sv, "{\"texts\": []}").is_err());
        assert!(install(Locale::Sv, "not json").is_err());
    }

    #[test]
    fn placeholders_match_across_languages() {
        for &key in Key::ALL {
            let [nb, sv, en] = texts(key);
            for i in 0..3 {
                let p = format!("{{{i}}}");
                assert_eq!(nb.contains(&p), en.contains(&p), "{key:?} {p}");
                assert_eq!(sv.contains(&p), en.contains(&p), "{key:?} {p}");
            }
        }
    }

    #[test]
    fn every_request_event_has_words_of_its_own() {
        for kind in RequestEventKind::ALL {
            assert_eq!(RequestEventKind::parse(kind.as_str()), Some(kind));
            for locale in Locale::ALL {
                let label = request_event_label(locale, kind.as_str());
                assert_ne!(label, kind.as_str(), "{kind:?} in {locale:?}");
            }
        }
        assert_eq!(
            request_event_label(Locale::Nb, "future_step"),
            "future_step"
        );
    }

    #[test]
    fn fill_replaces_numbered_placeholders() {
        assert_eq!(
            fill(t(Locale::En, Key::ErasureTimeline), &["30", "180"]),
            "Erased data leaves our online systems within 30 days, and our backups within 180 more days."
        );
        assert_eq!(fill("{1} {0} {1}", &["a", "b"]), "b a b");
    }

    #[test]
    fn every_error_code_has_a_message() {
        use ErrorCode::*;
        for code in [
            InvalidLaunchToken,
            Unauthenticated,
            Forbidden,
            NotFound,
            MalformedBody,
            QueryOutOfRange,
            RateLimited,
            ValidationFailed,
            VersionConflict,
            DuplicateRequest,
            InvalidState,
            PayloadTooLarge,
            UnsupportedMediaType,
            MethodNotAllowed,
            Restricted,
            SecondApprovalRequired,
            EmailTaken,
            BillingRefused,
            InvoiceSnapshotsOff,
            Internal,
        ] {
            for locale in Locale::ALL {
                assert!(!t(locale, error_key(code)).is_empty());
            }
        }
        assert_eq!(
            t(Locale::Nb, error_key(InvalidLaunchToken)),
            t(Locale::Nb, Key::LaunchExpired)
        );
    }

    #[test]
    fn field_labels_cover_every_contact_field() {
        for field in portal_domain::api::ContactDetails::FIELDS {
            assert_ne!(field_label(Locale::Nb, field), field, "{field}");
        }
        for field in portal_domain::api::AccountDetails::FIELDS {
            assert_ne!(field_label(Locale::Nb, field), field, "{field}");
        }
        assert_eq!(field_label(Locale::Sv, "postal_code"), "Postnummer");
        assert_eq!(field_label(Locale::En, "shoe_size"), "shoe_size");
    }

    #[test]
    fn actors_read_as_you_admin_or_support() {
        let me = "1001";
        let actor = |id: &str, role| Actor {
            person_id: id.into(),
            role,
        };
        assert_eq!(
            actor_label(Locale::En, &actor(me, Role::CompanyAdmin), me, None),
            "You"
        );
        assert_eq!(
            actor_label(Locale::Nb, &actor("2001", Role::CompanyAdmin), me, None),
            "Bedriftens administrator"
        );
        assert_eq!(
            actor_label(Locale::Sv, &actor("9", Role::Support), me, None),
            "Kundtjänst"
        );
        // An admin reading Lars's history: Lars's own changes carry his name, the
        // admin's own are "you".
        let admin = "2001";
        let lars = Some("Lars Johansen");
        assert_eq!(
            actor_label(Locale::En, &actor("2003", Role::Customer), admin, lars),
            "Lars Johansen"
        );
        assert_eq!(
            actor_label(Locale::En, &actor(admin, Role::CompanyAdmin), admin, lars),
            "You"
        );
        assert_eq!(
            actor_label(Locale::En, &actor("2009", Role::CompanyAdmin), admin, lars),
            "The company administrator"
        );
    }

    #[test]
    fn genitives_follow_each_language() {
        assert_eq!(genitive(Locale::Nb, "Lars Johansen"), "Lars Johansens");
        assert_eq!(genitive(Locale::Sv, "Lars Johansen"), "Lars Johansens");
        assert_eq!(genitive(Locale::En, "Lars Johansen"), "Lars Johansen's");
        assert_eq!(genitive(Locale::Nb, "Hans Weiss"), "Hans Weiss'");
        assert_eq!(genitive(Locale::Sv, "Hans Weiss"), "Hans Weiss");
        assert_eq!(genitive(Locale::En, "Hans Weiss"), "Hans Weiss's");
    }

    #[test]
    fn texts_about_someone_else_name_them_in_every_language() {
        for &key in ABOUT_OTHERS {
            let [nb, sv, en] = texts_about_other(key).unwrap();
            let base = texts(key);
            for (i, text) in [nb, sv, en].into_iter().enumerate() {
                // Numbered placeholders stay those of the text it replaces.
                for n in 0..3 {
                    let p = format!("{{{n}}}");
                    assert_eq!(text.contains(&p), base[i].contains(&p), "{key:?} {p}");
                }
                let named = about(Locale::ALL[i], key, Some("Lars Johansen"));
                assert!(!named.contains("{who"), "{key:?} left a placeholder");
            }
            // It reads differently from the first wording, at least in English.
            assert_ne!(en, base[2], "{key:?}");
        }
        assert_eq!(about(Locale::En, Key::TabOverview, None), "My data");
        assert_eq!(
            about(Locale::En, Key::TabOverview, Some("Lars Johansen")),
            "Lars Johansen's data"
        );
        assert_eq!(
            about(Locale::Nb, Key::TabOverview, Some("Lars Johansen")),
            "Lars Johansens data"
        );
        // A text that needs no second wording stays as it is.
        assert_eq!(
            about(Locale::En, Key::Save, Some("Lars Johansen")),
            "Save changes"
        );
    }

    #[test]
    fn every_ground_has_a_distinct_letter_and_label() {
        let letters: Vec<char> = ErasureGround::ALL
            .iter()
            .map(|g| erasure_ground_letter(*g))
            .collect();
        assert_eq!(letters, ['a', 'b', 'c', 'd', 'e', 'f']);
        for g in ErasureGround::ALL {
            for l in Locale::ALL {
                assert!(!erasure_ground_label(l, g, None).is_empty());
                let other = erasure_ground_label(l, g, Some("Lars Johansen"));
                assert!(!other.contains("{who}"));
                // Nothing an admin files for Lars says "I" or "my".
                assert!(
                    !other.contains(" jeg ") && !other.contains("Jeg ") && !other.starts_with("I "),
                    "{other}"
                );
            }
        }
    }
}
