-- 0001: the first schema: billing stand-in tables and the portal's own state.
-- Billing data: accounts, the persons under them, their services, domains, invoices,
-- login history and support tickets. The host's billing system owns this data; these
-- tables are the built-in implementation behind the billing boundary.

CREATE TABLE billing_accounts (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('private', 'company')),
    name        TEXT NOT NULL,
    org_number  TEXT,
    country     TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE billing_persons (
    id               TEXT PRIMARY KEY,
    account_id       TEXT NOT NULL REFERENCES billing_accounts (id),
    is_account_admin BIGINT NOT NULL DEFAULT 0,
    name             TEXT NOT NULL,
    email            TEXT NOT NULL,
    phone            TEXT NOT NULL DEFAULT '',
    street           TEXT NOT NULL DEFAULT '',
    postal_code      TEXT NOT NULL DEFAULT '',
    city             TEXT NOT NULL DEFAULT '',
    country          TEXT NOT NULL DEFAULT '',
    company          TEXT NOT NULL DEFAULT '',
    language         TEXT NOT NULL DEFAULT 'nb',
    personnummer     TEXT,
    -- Optimistic concurrency: every write bumps it; a write naming an older one is refused.
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       BIGINT NOT NULL
);
CREATE INDEX billing_persons_account ON billing_persons (account_id);

-- Staff of the hosting company who may open the support console.
CREATE TABLE billing_staff (
    id    TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    email TEXT NOT NULL
);

CREATE TABLE billing_services (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES billing_accounts (id),
    product     TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'terminated')),
    started_on  TEXT NOT NULL,
    ended_on    TEXT
);
CREATE INDEX billing_services_account ON billing_services (account_id);

CREATE TABLE billing_domains (
    id            TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES billing_accounts (id),
    registrant_id TEXT NOT NULL REFERENCES billing_persons (id),
    domain        TEXT NOT NULL,
    registered_on TEXT NOT NULL,
    expires_on    TEXT NOT NULL
);
CREATE INDEX billing_domains_registrant ON billing_domains (registrant_id);

CREATE TABLE billing_invoices (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES billing_accounts (id),
    number       TEXT NOT NULL,
    issued_on    TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    currency     TEXT NOT NULL,
    status       TEXT NOT NULL
);
CREATE INDEX billing_invoices_account ON billing_invoices (account_id);

CREATE TABLE billing_tickets (
    id         TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES billing_persons (id),
    opened_at  BIGINT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    status     TEXT NOT NULL
);
CREATE INDEX billing_tickets_person ON billing_tickets (person_id);

-- Portal state: always in the portal's own database.

-- Launch-token ids already exchanged: a token is single-use until it expires.
CREATE TABLE used_launch_tokens (
    jti         TEXT PRIMARY KEY,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX used_launch_tokens_expiry ON used_launch_tokens (expires_at);

-- Sessions: only the SHA-256 of the opaque token is stored.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL,
    account_id   TEXT NOT NULL,
    role         TEXT NOT NULL,
    locale       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    ended_at     BIGINT
);
CREATE INDEX sessions_person ON sessions (person_id);

-- The newsletter list, kept apart from the billing data (seed 002).
CREATE TABLE newsletter_subscriptions (
    person_id  TEXT PRIMARY KEY,
    subscribed BIGINT NOT NULL,
    segment    TEXT,
    changed_at BIGINT NOT NULL
);

-- The person's current choice per optional purpose. No row: the default of the basis
-- (consent: off until given; legitimate interest: on until objected to).
CREATE TABLE purpose_choices (
    person_id   TEXT NOT NULL,
    purpose_key TEXT NOT NULL,
    active      BIGINT NOT NULL,
    changed_at  BIGINT NOT NULL,
    PRIMARY KEY (person_id, purpose_key)
);

-- Requests filed by or for a person (erasure, restriction).
CREATE TABLE privacy_requests (
    id             TEXT PRIMARY KEY,
    person_id      TEXT NOT NULL,
    account_id     TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('erasure', 'restriction')),
    status         TEXT NOT NULL,
    received_at    BIGINT NOT NULL,
    due_on         TEXT NOT NULL,
    grounds        TEXT NOT NULL DEFAULT '',
    details        TEXT NOT NULL DEFAULT '',
    contested      TEXT NOT NULL DEFAULT '',
    reason         TEXT NOT NULL DEFAULT '',
    decision_note  TEXT,
    filed_by_id    TEXT NOT NULL,
    filed_by_role  TEXT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX privacy_requests_person ON privacy_requests (person_id, received_at);
CREATE INDEX privacy_requests_due ON privacy_requests (due_on, id);
-- At most one pending request of each kind per person, enforced by the database so two
-- simultaneous submissions cannot both get in.
CREATE UNIQUE INDEX privacy_requests_one_pending
    ON privacy_requests (person_id, kind)
    WHERE status IN ('submitted', 'in_progress', 'awaiting_subject');

-- Append-only logs. Integer ids keep their order.
CREATE TABLE billing_login_history (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id  TEXT NOT NULL,
    at         BIGINT NOT NULL,
    ip         TEXT NOT NULL,
    user_agent TEXT NOT NULL
);
CREATE INDEX billing_login_history_person ON billing_login_history (person_id, id);

CREATE TABLE consent_history (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id   TEXT NOT NULL,
    purpose_key TEXT NOT NULL,
    old_active  BIGINT NOT NULL,
    new_active  BIGINT NOT NULL,
    at          BIGINT NOT NULL,
    actor_id    TEXT NOT NULL,
    actor_role  TEXT NOT NULL
);
CREATE INDEX consent_history_person ON consent_history (person_id, id);

-- Who changed which contact fields and when; never the values.
CREATE TABLE contact_changes (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id  TEXT NOT NULL,
    at         BIGINT NOT NULL,
    actor_id   TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    fields     TEXT NOT NULL
);
CREATE INDEX contact_changes_person ON contact_changes (person_id, id);

CREATE TABLE request_events (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES privacy_requests (id),
    at         BIGINT NOT NULL,
    actor_id   TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    event      TEXT NOT NULL,
    note       TEXT
);
CREATE INDEX request_events_request ON request_events (request_id, id);
