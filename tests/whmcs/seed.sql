-- Test data for the WHMCS fixture: four accounts, eight users, two staff members.
--
-- Load after tests/whmcs/schema.sql and the addon's schema.sql. Ids are fixed (tests
-- assert on them). Dates are relative to the day of loading, so the data never ages.
-- The rows look the way WHMCS writes them, quirks included: zero dates for "not set",
-- '+CC.number' phone numbers, language names instead of codes ('' = system default),
-- and the secrets WHMCS keeps (password hashes, 2FA data, legacy card and bank blobs,
-- EPP codes, ticket access keys) so tests can prove none of them is ever exported.
--
-- Every statement ends with a semicolon at the end of a line, and no value has one
-- there, so the file can be split into statements on ";\n".

SET NAMES utf8mb4;

-- ---------------------------------------------------------------------------------
-- Settings. Language is the system default for users whose language is ''.
-- MarketingEmailConvert 'on': marketing_emails_opt_in is the flag that counts (not
-- emailoptout). Snapshots of buyer data on new invoices are off, as by default.
-- The API answers calls from 127.0.0.1 only (APIAllowedIPs, serialized as WHMCS keeps
-- it); three failed API authentications ban an address for InvalidLoginBanLength
-- minutes. A changed user e-mail must be verified again (EnableEmailVerification).
-- ClientsProfileUneditableFields is '' (all editable), as by default; tests set it.
-- ---------------------------------------------------------------------------------
INSERT INTO tblconfiguration (setting, value, created_at, updated_at) VALUES
  ('Version', '8.4.0-release.1', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
  ('Language', 'norwegian', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
  ('MarketingEmailConvert', 'on', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
  ('StoreClientDataSnapshotOnInvoiceCreation', '', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
  ('AllowClientsEmailOptOut', 'on', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
  ('CompanyName', 'Fjordhost AS', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
  ('SystemURL', 'https://kunde.fjordhost.example.no/', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
  ('Email', 'kundeservice@fjordhost.example.no', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
  ('Charset', 'utf-8', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
  ('DateFormat', 'DD.MM.YYYY', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
  ('Template', 'twenty-one', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
  ('TaxEnabled', 'on', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
  ('DRAutoDeleteInactiveClients', '', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
  ('DRAutoDeleteInactiveClientsMonths', '0', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
  ('APIAllowedIPs', 'a:1:{i:0;a:2:{s:2:"ip";s:9:"127.0.0.1";s:4:"note";s:22:"Privacy portal (tests)";}}', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
  ('InvalidLoginBanLength', '15', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
  ('EnableEmailVerification', 'on', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
  ('ClientsProfileUneditableFields', '', '0000-00-00 00:00:00', '0000-00-00 00:00:00');

-- ---------------------------------------------------------------------------------
-- Products: 1 Webhotell (hosting), 2 E-post (email); addon 1 Ekstra backup.
-- ---------------------------------------------------------------------------------
INSERT INTO tblproducts (id, type, gid, name, slug, description, hidden, showdomainoptions,
  stockcontrol, proratabilling, proratadate, proratachargenextmonth, paytype, allowqty,
  subdomain, autosetup, servertype, servergroup, configoption1, configoption2, configoption3,
  configoption4, configoption5, configoption6, configoption7, configoption8, configoption9,
  configoption10, configoption11, configoption12, configoption13, configoption14,
  configoption15, configoption16, configoption17, configoption18, configoption19,
  configoption20, configoption21, configoption22, configoption23, configoption24, freedomain,
  freedomainpaymentterms, freedomaintlds, recurringcycles, autoterminatedays,
  configoptionsupgrade, billingcycleupgrade, overagesenabled, overagesdisklimit,
  overagesbwlimit, overagesdiskprice, overagesbwprice, tax, affiliateonetime,
  affiliatepaytype, affiliatepayamount, retired, is_featured, created_at, updated_at) VALUES
  (1, 'hostingaccount', 1, 'Webhotell', 'webhotell', 'Webhotell med 10 GB lagring', 0, 1,
   0, 0, 0, 0, 'recurring', 0, '', 'payment', 'cpanel', 1, '', '', '', '', '', '', '', '', '',
   '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', 0, 0, 0, '', '', 0,
   0, 0.0000, 0.0000, 1, 0, '', 0.00, 0, 0, CURDATE() - INTERVAL 8 YEAR, CURDATE() - INTERVAL 8 YEAR),
  (2, 'other', 1, 'E-post', 'e-post', 'E-postkonto', 0, 0,
   0, 0, 0, 0, 'recurring', 0, '', 'payment', '', 0, '', '', '', '', '', '', '', '', '',
   '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', 0, 0, 0, '', '', 0,
   0, 0.0000, 0.0000, 1, 0, '', 0.00, 0, 0, CURDATE() - INTERVAL 8 YEAR, CURDATE() - INTERVAL 8 YEAR);

INSERT INTO tbladdons (id, packages, name, description, billingcycle, allowqty, tax, showorder,
  hidden, retired, downloads, autoactivate, suspendproduct, welcomeemail, type, module,
  server_group_id, prorate, weight, autolinkby, created_at, updated_at) VALUES
  (1, '1', 'Ekstra backup', 'Daglig backup i 30 dager', 'Annually', 0, 1, 1,
   0, 0, '', 'payment', 1, 0, '', '', 0, 0, 0, '', CURDATE() - INTERVAL 8 YEAR, CURDATE() - INTERVAL 8 YEAR);

-- ---------------------------------------------------------------------------------
-- Staff. Role 1 Full Administrator, 2 Support Operator, 3 Support Triage. Admin 1 Siri
-- Støtte is active (support); admin 2 Ove Gammel is disabled; admin 3 Tone Mottak is
-- active in the triage role, which the addon lets open the console but not decide.
-- password/authdata are secrets.
-- ---------------------------------------------------------------------------------
INSERT INTO tbladminroles (id, name, widgets, reports, systememails, accountemails, supportemails) VALUES
  (1, 'Full Administrator', 'activity_log,getting_started,income_forecast,system_overview', '', 1, 1, 1),
  (2, 'Support Operator', 'activity_log,support_tickets', '', 0, 0, 1),
  (3, 'Support Triage', 'support_tickets', '', 0, 0, 1);

INSERT INTO tbladmins (id, uuid, roleid, username, password, passwordhash, authmodule, authdata,
  firstname, lastname, email, signature, notes, template, language, disabled, loginattempts,
  supportdepts, ticketnotifications, homewidgets, password_reset_key, password_reset_data,
  password_reset_expiry, hidden_widgets, widget_order, user_preferences, created_at, updated_at) VALUES
  (1, '5b1f9a52-8d2e-4c1a-9f0e-2a7c3e4d5f61', 2, 'siri', '',
   '$2y$10$fZhvnKrYwZs.Zjoc5WDtJuYJJM6y58X6fZIDl2TLBcyY7m9iPca42', 'totp',
   'ZW5jcnlwdGVkOnRvdHAtc2VjcmV0LWZvci1zaXJp', 'Siri', 'Støtte', 'siri.stotte@fjordhost.example.no',
   'Vennlig hilsen\nSiri, Fjordhost kundeservice', '', 'blend', 'norwegian', 0, 0, '1', '1', '', '', '',
   '0000-00-00 00:00:00', '', '', NULL, CURDATE() - INTERVAL 6 YEAR, CURDATE() - INTERVAL 30 DAY),
  (2, 'c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b', 1, 'ove', '',
   '$2y$10$IF4kNqhLCUiAz5n8n43Jq.YrzpIzoffgDyGNimRQF280eP5W.bl36', '', '',
   'Ove', 'Gammel', 'ove.gammel@fjordhost.example.no', '', 'Sluttet', 'blend', 'norwegian', 1, 0, '', '', '', '', '',
   '0000-00-00 00:00:00', '', '', NULL, CURDATE() - INTERVAL 9 YEAR, CURDATE() - INTERVAL 2 YEAR),
  (3, '9e8d7c6b-5a49-4382-b716-05f4e3d2c1b0', 3, 'tone', '',
   '$2y$10$Qm9vZ1hXc2VlZHNhbHQuLu8cQ2m1zY3v0bXJt4pQm5sK6aB7cD8eG', '', '',
   'Tone', 'Mottak', 'tone.mottak@fjordhost.example.no', '', '', 'blend', 'norwegian', 0, 0, '1', '1', '', '', '',
   '0000-00-00 00:00:00', '', '', NULL, CURDATE() - INTERVAL 1 YEAR, CURDATE() - INTERVAL 10 DAY);

-- ---------------------------------------------------------------------------------
-- API roles and credentials (Configuration > System Settings > Manage API Credentials).
--   role 1 "Privacy portal": exactly the actions the portal calls
--   role 2 "Read only": GetConfigurationValue only
--   credential 1 pp-test-identifier      admin 1 (siri), role 1
--   credential 2 pp-readonly-identifier  admin 1 (siri), role 2
--   credential 3 pp-disabled-identifier  admin 2 (ove, disabled), role 1
--   credential 4 pp-revoked-identifier   admin 1, role 1, revoked (deleted_at set)
-- Every secret is pp-test-secret; WHMCS stores only its password hash.
-- ---------------------------------------------------------------------------------
INSERT INTO tblapi_roles (id, role, description, permissions, created_at, updated_at) VALUES
  (1, 'Privacy portal', 'Writes of the privacy portal to clients, users and tickets',
   '{"updateclient":1,"updateuser":1,"updatecontact":1,"deletecontact":1,"deleteuserclient":1,"getpaymethods":1,"deletepaymethod":1,"addclientnote":1,"deleteticketnote":1,"updateticket":1,"updateticketreply":1,"getconfigurationvalue":1}',
   CURDATE() - INTERVAL 30 DAY, CURDATE() - INTERVAL 30 DAY),
  (2, 'Read only', 'Reads settings', '{"getconfigurationvalue":1}',
   CURDATE() - INTERVAL 30 DAY, CURDATE() - INTERVAL 30 DAY);

INSERT INTO tbldeviceauth (id, identifier, secret, compat_secret, user_id, is_admin, role_ids,
  description, last_access, created_at, updated_at, deleted_at) VALUES
  (1, 'pp-test-identifier', '$2y$10$8xKc12vaPRD4YU3FsluOd.t1UYoFWU9zNPHitRRh5SmZwFoaWg8Aa', '', 1, 1, '[1]',
   'Privacy portal', '0000-00-00 00:00:00', CURDATE() - INTERVAL 30 DAY, CURDATE() - INTERVAL 30 DAY, NULL),
  (2, 'pp-readonly-identifier', '$2y$10$8xKc12vaPRD4YU3FsluOd.t1UYoFWU9zNPHitRRh5SmZwFoaWg8Aa', '', 1, 1, '[2]',
   'Read only', '0000-00-00 00:00:00', CURDATE() - INTERVAL 30 DAY, CURDATE() - INTERVAL 30 DAY, NULL),
  (3, 'pp-disabled-identifier', '$2y$10$8xKc12vaPRD4YU3FsluOd.t1UYoFWU9zNPHitRRh5SmZwFoaWg8Aa', '', 2, 1, '[1]',
   'Made by Ove before he left', '0000-00-00 00:00:00', CURDATE() - INTERVAL 3 YEAR, CURDATE() - INTERVAL 3 YEAR, NULL),
  (4, 'pp-revoked-identifier', '$2y$10$8xKc12vaPRD4YU3FsluOd.t1UYoFWU9zNPHitRRh5SmZwFoaWg8Aa', '', 1, 1, '[1]',
   'Replaced', '0000-00-00 00:00:00', CURDATE() - INTERVAL 1 YEAR, CURDATE() - INTERVAL 60 DAY, CURDATE() - INTERVAL 60 DAY);

-- ---------------------------------------------------------------------------------
-- Client groups: 1 Bedrift (business customers), 2 Forhandler (resellers, empty).
-- ---------------------------------------------------------------------------------
INSERT INTO tblclientgroups (id, groupname, groupcolour, discountpercent, susptermexempt, separateinvoices) VALUES
  (1, 'Bedrift', '#1f6feb', 0.00, '', ''),
  (2, 'Forhandler', NULL, 10.00, '', '');

-- ---------------------------------------------------------------------------------
-- Client accounts.
--   1 Kari Nordmann, private, Norway. Marketing opted in. Legacy card blob from 7.x.
--   2 Nordlys Webbyrå AS, company (companyname and tax_id), Norway. Legacy bank blob.
--   3 Anna Svensson, private, Sweden.
--   4 Fjellvind Data AS, company by companyname only, language '' (system default).
-- Clients 2 and 4 are in client group 1 "Bedrift", 1 and 3 in none (groupid 0).
-- The password, authmodule/authdata, securityqans, pwresetkey, card*, bank* and
-- gatewayid columns are pre-8.0 secrets WHMCS still keeps.
-- ---------------------------------------------------------------------------------
INSERT INTO tblclients (id, uuid, firstname, lastname, companyname, email, address1, address2,
  city, state, postcode, country, phonenumber, tax_id, password, authmodule, authdata, currency,
  defaultgateway, credit, taxexempt, latefeeoveride, overideduenotices, separateinvoices,
  disableautocc, datecreated, notes, billingcid, securityqid, securityqans, groupid, cardtype,
  cardlastfour, cardnum, startdate, expdate, issuenumber, bankname, banktype, bankcode, bankacct,
  gatewayid, lastlogin, ip, host, status, language, pwresetkey, emailoptout,
  marketing_emails_opt_in, overrideautoclose, allow_sso, email_verified, email_preferences,
  created_at, updated_at, pwresetexpiry) VALUES
  (1, '8f14e45f-ceea-4e7a-9b2c-1d3f5a7b9c01', 'Kari', 'Nordmann', '', 'kari.nordmann@example.no',
   'Storgata 1', '', 'Oslo', '', '0155', 'NO', '+47.91234567', '',
   '$2y$10$4kbXVg32nc1ko3hi8VeufeCvNidoXRO6EhOqLRQBuoOpN6fInfovq', '', '', 1,
   'stripe', 0.00, 0, 0, 0, 0,
   0, CURDATE() - INTERVAL 4 YEAR - INTERVAL 12 DAY, 'Foretrekker e-post framfor telefon.', 0, 0, '', 0, 'Visa',
   '4242', 'ZW5jOmNhcmRudW06NDI0MjQyNDI0MjQyNDI0Mg==', '', 'ZW5jOmV4cGRhdGU6MTIyOQ==', '', '', '', '', '',
   'cus_KxFixture0001', CURDATE() - INTERVAL 2 DAY + INTERVAL 19 HOUR, '203.0.113.7',
   'ti0031a400-0007.bb.online.no', 'Active', 'norwegian', '', 0,
   1, 0, 1, 1, NULL,
   CURDATE() - INTERVAL 4 YEAR - INTERVAL 12 DAY, CURDATE() - INTERVAL 40 DAY + INTERVAL 10 HOUR, '0000-00-00 00:00:00'),
  (2, '2a3b4c5d-6e7f-4081-9293-a4b5c6d7e8f9', 'Ola', 'Hansen', 'Nordlys Webbyrå AS', 'faktura@nordlys.example.no',
   'Kongens gate 10', '3. etasje', 'Trondheim', 'Trøndelag', '7011', 'NO', '+47.73123456', 'NO923456789MVA',
   '', '', '', 1,
   'banktransfer', 150.00, 0, 0, 0, 0,
   0, CURDATE() - INTERVAL 3 YEAR - INTERVAL 2 MONTH, '', 0, 0, '', 1, '',
   '', '', '', '', '', 'DNB', 'Checking', 'ZW5jOmJhbmtjb2RlOjEyMzQ=', 'ZW5jOmJhbmthY2N0OjEyMzQ1Njc4OTAz',
   '', CURDATE() - INTERVAL 1 DAY + INTERVAL 8 HOUR, '198.51.100.23',
   'nordlys-gw.example.no', 'Active', 'norwegian', '', 1,
   0, 0, 1, 1, '{"general":true,"invoice":true,"support":true,"product":true,"domain":true,"affiliate":false}',
   CURDATE() - INTERVAL 3 YEAR - INTERVAL 2 MONTH, CURDATE() - INTERVAL 100 DAY, '0000-00-00 00:00:00'),
  (3, '3c4d5e6f-7081-4293-a4b5-c6d7e8f90a12', 'Anna', 'Svensson', '', 'anna.svensson@example.se',
   'Drottninggatan 5', '', 'Stockholm', '', '111 51', 'SE', '+46.701234567', '',
   '', '', '', 1,
   'stripe', 0.00, 0, 0, 0, 0,
   0, CURDATE() - INTERVAL 1 YEAR - INTERVAL 20 DAY, '', 0, 0, '', 0, '',
   '', '', '', '', '', '', '', '', '',
   'cus_KxFixture0003', CURDATE() - INTERVAL 5 DAY + INTERVAL 12 HOUR, '192.0.2.44',
   '', 'Active', 'swedish', '', 0,
   0, 0, 1, 1, NULL,
   CURDATE() - INTERVAL 1 YEAR - INTERVAL 20 DAY, CURDATE() - INTERVAL 1 YEAR - INTERVAL 20 DAY, '0000-00-00 00:00:00'),
  (4, '4d5e6f70-8192-43a4-b5c6-d7e8f90a1b23', 'Per', 'Fjell', 'Fjellvind Data AS', 'post@fjellvind.example.no',
   'Fjellveien 3', '', 'Bergen', 'Vestland', '5003', 'NO', '+47.55123456', '',
   '', '', '', 1,
   'banktransfer', 0.00, 0, 0, 0, 0,
   0, CURDATE() - INTERVAL 2 YEAR, '', 0, 0, '', 1, '',
   '', '', '', '', '', '', '', '', '',
   '', NULL, '', '', 'Active', '', '', 0,
   0, 0, 1, 0, NULL,
   CURDATE() - INTERVAL 2 YEAR, CURDATE() - INTERVAL 2 YEAR, '0000-00-00 00:00:00');

-- ---------------------------------------------------------------------------------
-- Users (the people who log in) and which accounts they may act for.
--   1 Kari Nordmann     owner of 1
--   2 Ola Hansen        owner of 2                      (2FA on)
--   3 Ingrid Berg       user of 2: profile,invoices     (joined by invite 1)
--   4 Lars Johansen     user of 2: profile,contacts,tickets; language english
--   5 Anna Svensson     owner of 3; language swedish
--   6 Per Fjell         owner of 4; language '' (system default)
--   7 Siv Vind          user of 4
--   8 Eva Lund          user of 1 and user of 4 (two accounts, owner of neither)
-- Owner rows carry no permission list: an owner has every permission.
-- ---------------------------------------------------------------------------------
INSERT INTO tblusers (id, first_name, last_name, email, password, language, second_factor,
  second_factor_config, remember_token, reset_token, security_question_id,
  security_question_answer, last_ip, last_hostname, last_login, email_verification_token,
  email_verification_token_expiry, email_verified_at, reset_token_expiry, created_at, updated_at) VALUES
  (1, 'Kari', 'Nordmann', 'kari.nordmann@example.no',
   '$2y$10$14MsU/tTUloEel7fKECqvu79JOvhpnKOgk0fw.R3W4U.kaV.XW1mG', 'norwegian', '',
   NULL, 'rmb-kari-8c1d2e3f4a5b6c7d', '', 0,
   '', '203.0.113.7', 'ti0031a400-0007.bb.online.no', CURDATE() - INTERVAL 2 DAY + INTERVAL 19 HOUR, '',
   NULL, CURDATE() - INTERVAL 4 YEAR, NULL, CURDATE() - INTERVAL 4 YEAR - INTERVAL 12 DAY, CURDATE() - INTERVAL 40 DAY + INTERVAL 10 HOUR),
  (2, 'Ola', 'Hansen', 'ola.hansen@nordlys.example.no',
   '$2y$10$1M4lqSv.GfpZexxUek7X9O/w5k0R4DhD75CpzJ4PnNO8OedYuWaDi', 'norwegian', 'totp',
   'ZW5jOnsic2VjcmV0IjoiSkJTV1kzRFBFSFBLM1BYUCJ9', '', '', 0,
   '', '198.51.100.23', 'nordlys-gw.example.no', CURDATE() - INTERVAL 1 DAY + INTERVAL 8 HOUR, '',
   NULL, CURDATE() - INTERVAL 3 YEAR, NULL, CURDATE() - INTERVAL 3 YEAR - INTERVAL 2 MONTH, CURDATE() - INTERVAL 3 YEAR),
  (3, 'Ingrid', 'Berg', 'ingrid.berg@nordlys.example.no',
   '$2y$10$m7TzhIemx3yzHSTXFYH0yOV5xxeAJoT.FxHNXKD3cSTdio6rcBwji', 'norwegian', '',
   NULL, '', 'rst-ingrid-5e6f7a8b9c0d', 0,
   '', '198.51.100.23', '', CURDATE() - INTERVAL 9 DAY + INTERVAL 13 HOUR, '',
   NULL, CURDATE() - INTERVAL 2 YEAR, CURDATE() + INTERVAL 1 DAY, CURDATE() - INTERVAL 2 YEAR, CURDATE() - INTERVAL 2 YEAR),
  (4, 'Lars', 'Johansen', 'lars.johansen@nordlys.example.no',
   '$2y$10$lDnQEeE6tG/sPfiEdawhYefP3RMGLa3Yge6g1KvT1/B18ml/tTzAW', 'english', '',
   NULL, '', '', 1,
   'ZW5jOkJlcmdlbg==', '', '', NULL, 'evt-lars-0a1b2c3d',
   CURDATE() + INTERVAL 2 DAY, NULL, NULL, CURDATE() - INTERVAL 1 YEAR, CURDATE() - INTERVAL 1 YEAR),
  (5, 'Anna', 'Svensson', 'anna.svensson@example.se',
   '$2y$10$ihZfXjDmj/yKTfnFfM9fFOgWnG8RAnIay5AnVZUkbVR4GEtN.sbXK', 'swedish', '',
   NULL, '', '', 0,
   '', '192.0.2.44', '', CURDATE() - INTERVAL 5 DAY + INTERVAL 12 HOUR, '',
   NULL, CURDATE() - INTERVAL 1 YEAR, NULL, CURDATE() - INTERVAL 1 YEAR - INTERVAL 20 DAY, CURDATE() - INTERVAL 1 YEAR),
  (6, 'Per', 'Fjell', 'per.fjell@fjellvind.example.no',
   '$2y$10$jfShWgshmNVYaTcenBMDPe1jVKi21Hx8cHX/2LL0vWXUc6xfHZ4Bq', '', '',
   NULL, '', '', 0,
   '', '', '', NULL, '',
   NULL, CURDATE() - INTERVAL 2 YEAR, NULL, CURDATE() - INTERVAL 2 YEAR, CURDATE() - INTERVAL 2 YEAR),
  (7, 'Siv', 'Vind', 'siv.vind@fjellvind.example.no',
   '$2y$10$ttu/Bh.b/LpvxHBRYDBeQuhdPMUzCflumFCnsK6WK9Dn/elztPxqC', 'norwegian', '',
   NULL, '', '', 0,
   '', '', '', NULL, '',
   NULL, CURDATE() - INTERVAL 1 YEAR, NULL, CURDATE() - INTERVAL 1 YEAR, CURDATE() - INTERVAL 1 YEAR),
  (8, 'Eva', 'Lund', 'eva.lund@example.no',
   '$2y$10$1/qWok.0E/OvG7ikbWBKm.NodH9hlEAR9N8/UIpXX0K6AylsBMLH.', '', '',
   NULL, '', '', 0,
   '', '203.0.113.90', '', CURDATE() - INTERVAL 20 DAY + INTERVAL 9 HOUR, '',
   NULL, CURDATE() - INTERVAL 1 YEAR, NULL, CURDATE() - INTERVAL 1 YEAR, CURDATE() - INTERVAL 1 YEAR);

INSERT INTO tblusers_clients (id, auth_user_id, client_id, invite_id, owner, permissions,
  last_login, created_at, updated_at) VALUES
  (1, 1, 1, 0, 1, NULL, CURDATE() - INTERVAL 2 DAY + INTERVAL 19 HOUR, CURDATE() - INTERVAL 4 YEAR - INTERVAL 12 DAY, CURDATE() - INTERVAL 4 YEAR - INTERVAL 12 DAY),
  (2, 2, 2, 0, 1, NULL, CURDATE() - INTERVAL 1 DAY + INTERVAL 8 HOUR, CURDATE() - INTERVAL 3 YEAR - INTERVAL 2 MONTH, CURDATE() - INTERVAL 3 YEAR - INTERVAL 2 MONTH),
  (3, 3, 2, 1, 0, 'profile,invoices', CURDATE() - INTERVAL 9 DAY + INTERVAL 13 HOUR, CURDATE() - INTERVAL 2 YEAR, CURDATE() - INTERVAL 2 YEAR),
  (4, 4, 2, 0, 0, 'profile,contacts,tickets', NULL, CURDATE() - INTERVAL 1 YEAR, CURDATE() - INTERVAL 1 YEAR),
  (5, 5, 3, 0, 1, NULL, CURDATE() - INTERVAL 5 DAY + INTERVAL 12 HOUR, CURDATE() - INTERVAL 1 YEAR - INTERVAL 20 DAY, CURDATE() - INTERVAL 1 YEAR - INTERVAL 20 DAY),
  (6, 6, 4, 0, 1, NULL, NULL, CURDATE() - INTERVAL 2 YEAR, CURDATE() - INTERVAL 2 YEAR),
  (7, 7, 4, 0, 0, 'profile,invoices,tickets', NULL, CURDATE() - INTERVAL 1 YEAR, CURDATE() - INTERVAL 1 YEAR),
  (8, 8, 1, 0, 0, 'profile,invoices', CURDATE() - INTERVAL 20 DAY + INTERVAL 9 HOUR, CURDATE() - INTERVAL 1 YEAR, CURDATE() - INTERVAL 1 YEAR),
  (9, 8, 4, 0, 0, 'profile', NULL, CURDATE() - INTERVAL 1 YEAR, CURDATE() - INTERVAL 1 YEAR);

-- Invite 1 was accepted by Ingrid (user 3); invite 2 is still pending, for someone who
-- has no user yet.
INSERT INTO tbluser_invites (id, token, email, client_id, invited_by, invited_by_admin,
  permissions, accepted_at, created_at, updated_at, deleted_at) VALUES
  (1, 'inv-7d2f0c9a1b3e4d5f6a7b8c9d0e1f2a3b', 'ingrid.berg@nordlys.example.no', 2, 2, 0,
   'profile,invoices', CURDATE() - INTERVAL 2 YEAR + INTERVAL 1 DAY, CURDATE() - INTERVAL 2 YEAR, CURDATE() - INTERVAL 2 YEAR + INTERVAL 1 DAY, NULL),
  (2, 'inv-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d', 'nils.ny@example.no', 2, 2, 0,
   'profile,tickets', NULL, CURDATE() - INTERVAL 3 DAY, CURDATE() - INTERVAL 3 DAY, NULL);

-- ---------------------------------------------------------------------------------
-- Contacts (no login since 8.0). 1 Per Kontakt of Nordlys (client 2); 2 Berit Regnskap
-- of Fjellvind (client 4), for tests that one company never sees another's people.
-- ---------------------------------------------------------------------------------
INSERT INTO tblcontacts (id, userid, firstname, lastname, companyname, email, address1, address2,
  city, state, postcode, country, phonenumber, tax_id, subaccount, password, permissions,
  domainemails, generalemails, invoiceemails, productemails, supportemails, affiliateemails,
  pwresetkey, created_at, updated_at, pwresetexpiry) VALUES
  (1, 2, 'Per', 'Kontakt', 'Nordlys Webbyrå AS', 'per.kontakt@nordlys.example.no', 'Kongens gate 10', '3. etasje',
   'Trondheim', 'Trøndelag', '7011', 'NO', '+47.98765432', '', 0, '', '',
   1, 1, 1, 0, 1, 0,
   '', CURDATE() - INTERVAL 2 YEAR, CURDATE() - INTERVAL 200 DAY, '0000-00-00 00:00:00'),
  (2, 4, 'Berit', 'Regnskap', 'Fjellvind Data AS', 'berit.regnskap@fjellvind.example.no', 'Fjellveien 3', '',
   'Bergen', 'Vestland', '5003', 'NO', '+47.55987654', '', 0, '', '',
   0, 0, 1, 0, 0, 0,
   '', CURDATE() - INTERVAL 1 YEAR, CURDATE() - INTERVAL 1 YEAR, '0000-00-00 00:00:00');

-- ---------------------------------------------------------------------------------
-- Orders. transfersecret holds the EPP code of a transfer (serialized, a secret);
-- ipaddress and fraudoutput are personal data.
-- ---------------------------------------------------------------------------------
INSERT INTO tblorders (id, ordernum, userid, contactid, requestor_id, admin_requestor_id, date,
  nameservers, transfersecret, renewals, promocode, promotype, promovalue, orderdata, amount,
  paymentmethod, invoiceid, status, ipaddress, fraudmodule, fraudoutput, notes) VALUES
  (1, 4815162342, 1, 0, 1, 0, CURDATE() - INTERVAL 4 YEAR - INTERVAL 12 DAY + INTERVAL 20 HOUR,
   'ns1.fjordhost.example.no,ns2.fjordhost.example.no', '', '', '', '', '', '[]', 1499.00,
   'stripe', 0, 'Active', '203.0.113.7', 'maxmind', 'riskScore => 0.4\ncountryMatch => Yes', ''),
  (2, 9988776655, 2, 0, 2, 0, CURDATE() - INTERVAL 3 YEAR - INTERVAL 2 MONTH + INTERVAL 10 HOUR,
   'ns1.fjordhost.example.no,ns2.fjordhost.example.no', '', '', '', '', '', '[]', 2998.00,
   'banktransfer', 0, 'Active', '198.51.100.23', '', '', ''),
  (3, 1357924680, 3, 0, 5, 0, CURDATE() - INTERVAL 1 YEAR - INTERVAL 20 DAY + INTERVAL 14 HOUR,
   'ns1.fjordhost.example.no,ns2.fjordhost.example.no', 'a:1:{s:7:"anna.se";s:15:"EPP-7Qx!k2Lm9Rw";}',
   '', '', '', '', '[]', 1899.00,
   'stripe', 6, 'Active', '192.0.2.44', 'maxmind', 'riskScore => 1.2\ncountryMatch => Yes', ''),
  (4, 2468013579, 4, 0, 6, 0, CURDATE() - INTERVAL 2 YEAR + INTERVAL 9 HOUR,
   'ns1.fjordhost.example.no,ns2.fjordhost.example.no', '', '', '', '', '', '[]', 1499.00,
   'banktransfer', 0, 'Active', '', '', '', 'Bestilt på telefon');

-- ---------------------------------------------------------------------------------
-- Services. Zero dates where WHMCS writes them: termination_date and completed_date
-- until set, nextduedate/nextinvoicedate of a free account. password is encrypted.
--   1 Kari: Webhotell, Active for 4 years      2 Kari: E-post, Terminated 2 years ago
--   3 Nordlys: Webhotell, Active               4 Nordlys: E-post, free account
--   5 Anna: Webhotell, Active                  6 Fjellvind: Webhotell, Active
-- ---------------------------------------------------------------------------------
INSERT INTO tblhosting (id, userid, orderid, packageid, server, regdate, domain, paymentmethod,
  qty, firstpaymentamount, amount, billingcycle, nextduedate, nextinvoicedate, termination_date,
  completed_date, domainstatus, username, password, notes, subscriptionid, promoid, promocount,
  suspendreason, overideautosuspend, overidesuspenduntil, dedicatedip, assignedips, ns1, ns2,
  diskusage, disklimit, bwusage, bwlimit, lastupdate, created_at, updated_at) VALUES
  (1, 1, 1, 1, 1, CURDATE() - INTERVAL 4 YEAR, 'kari-nordmann.no', 'stripe',
   1, 1199.00, 1199.00, 'Annually', CURDATE() + INTERVAL 1 YEAR, CURDATE() + INTERVAL 1 YEAR - INTERVAL 14 DAY, '0000-00-00',
   '0000-00-00', 'Active', 'karinord', 'ZW5jOmhvc3RpbmctcGFzc3dvcmQtMQ==', '', '', 0, 0,
   '', 0, '0000-00-00', '', '', '', '',
   812, 10240, 2048, 0, CURDATE() - INTERVAL 1 DAY + INTERVAL 3 HOUR, CURDATE() - INTERVAL 4 YEAR, CURDATE() - INTERVAL 1 DAY),
  (2, 1, 0, 2, 0, CURDATE() - INTERVAL 6 YEAR, 'kari-nordmann.no', 'stripe',
   1, 299.00, 299.00, 'Annually', CURDATE() - INTERVAL 2 YEAR, CURDATE() - INTERVAL 2 YEAR, CURDATE() - INTERVAL 2 YEAR,
   '0000-00-00', 'Terminated', 'kari@kari-nordmann.no', 'ZW5jOmhvc3RpbmctcGFzc3dvcmQtMg==', '', '', 0, 0,
   '', 0, '0000-00-00', '', '', '', '',
   0, 0, 0, 0, '0000-00-00 00:00:00', CURDATE() - INTERVAL 6 YEAR, CURDATE() - INTERVAL 2 YEAR),
  (3, 2, 2, 1, 1, CURDATE() - INTERVAL 3 YEAR - INTERVAL 2 MONTH, 'nordlys.no', 'banktransfer',
   1, 2499.00, 2499.00, 'Annually', CURDATE() + INTERVAL 10 MONTH, CURDATE() + INTERVAL 10 MONTH - INTERVAL 14 DAY, '0000-00-00',
   '0000-00-00', 'Active', 'nordlys', 'ZW5jOmhvc3RpbmctcGFzc3dvcmQtMw==', 'Kunden har egen SSL', '', 0, 0,
   '', 0, '0000-00-00', '', '', '', '',
   4096, 10240, 8192, 0, CURDATE() - INTERVAL 1 DAY + INTERVAL 3 HOUR, CURDATE() - INTERVAL 3 YEAR - INTERVAL 2 MONTH, CURDATE() - INTERVAL 1 DAY),
  (4, 2, 2, 2, 0, CURDATE() - INTERVAL 3 YEAR - INTERVAL 2 MONTH, 'nordlys.no', 'banktransfer',
   1, 0.00, 0.00, 'Free Account', '0000-00-00', '0000-00-00', '0000-00-00',
   '0000-00-00', 'Active', 'post@nordlys.no', 'ZW5jOmhvc3RpbmctcGFzc3dvcmQtNA==', '', '', 0, 0,
   '', 0, '0000-00-00', '', '', '', '',
   0, 0, 0, 0, '0000-00-00 00:00:00', CURDATE() - INTERVAL 3 YEAR - INTERVAL 2 MONTH, CURDATE() - INTERVAL 3 YEAR - INTERVAL 2 MONTH),
  (5, 3, 3, 1, 1, CURDATE() - INTERVAL 1 YEAR - INTERVAL 20 DAY, 'anna.se', 'stripe',
   1, 1199.00, 1199.00, 'Annually', CURDATE() + INTERVAL 11 MONTH - INTERVAL 20 DAY, CURDATE() + INTERVAL 11 MONTH - INTERVAL 34 DAY, '0000-00-00',
   '0000-00-00', 'Active', 'annasven', 'ZW5jOmhvc3RpbmctcGFzc3dvcmQtNQ==', '', '', 0, 0,
   '', 0, '0000-00-00', '', '', '', '',
   120, 10240, 300, 0, CURDATE() - INTERVAL 1 DAY + INTERVAL 3 HOUR, CURDATE() - INTERVAL 1 YEAR - INTERVAL 20 DAY, CURDATE() - INTERVAL 1 DAY),
  (6, 4, 4, 1, 1, CURDATE() - INTERVAL 2 YEAR, 'fjellvind.no', 'banktransfer',
   1, 1199.00, 1199.00, 'Annually', CURDATE() + INTERVAL 1 YEAR, CURDATE() + INTERVAL 1 YEAR - INTERVAL 14 DAY, '0000-00-00',
   '0000-00-00', 'Active', 'fjellvin', 'ZW5jOmhvc3RpbmctcGFzc3dvcmQtNg==', '', '', 0, 0,
   '', 0, '0000-00-00', '', '', '', '',
   2000, 10240, 1500, 0, CURDATE() - INTERVAL 1 DAY + INTERVAL 3 HOUR, CURDATE() - INTERVAL 2 YEAR, CURDATE() - INTERVAL 1 DAY);

-- Kari's web hosting has the backup addon; no termination date yet.
INSERT INTO tblhostingaddons (id, orderid, hostingid, addonid, userid, server, name, qty,
  firstpaymentamount, setupfee, recurring, billingcycle, tax, status, regdate, nextduedate,
  nextinvoicedate, termination_date, proratadate, paymentmethod, notes, subscriptionid,
  created_at, updated_at) VALUES
  (1, 1, 1, 1, 1, 0, '', 1,
   200.00, 0.00, 200.00, 'Annually', '1', 'Active', CURDATE() - INTERVAL 3 YEAR, CURDATE() + INTERVAL 1 YEAR,
   CURDATE() + INTERVAL 1 YEAR - INTERVAL 14 DAY, '0000-00-00', '0000-00-00', 'stripe', '', '',
   CURDATE() - INTERVAL 3 YEAR, CURDATE() - INTERVAL 3 YEAR);

-- ---------------------------------------------------------------------------------
-- Domains.
--   1 kari-nordmann.no (Kari), Active, expires next year
--   2 nordlys.no (Nordlys), Active
--   3 anna.se (Anna), Active, transferred in; its "Identification Number" is her
--     personnummer, in tbldomainsadditionalfields
--   4 nordmann-foto.no (Kari), Cancelled and expired two years ago
--   5 fjellvind.no (Fjellvind), Active
-- ---------------------------------------------------------------------------------
INSERT INTO tbldomains (id, userid, orderid, type, registrationdate, domain, firstpaymentamount,
  recurringamount, registrar, registrationperiod, expirydate, subscriptionid, promoid, status,
  nextduedate, nextinvoicedate, additionalnotes, paymentmethod, dnsmanagement, emailforwarding,
  idprotection, is_premium, donotrenew, reminders, synced, created_at, updated_at) VALUES
  (1, 1, 1, 'Register', CURDATE() - INTERVAL 4 YEAR, 'kari-nordmann.no', 150.00,
   150.00, 'openprovider', 1, CURDATE() + INTERVAL 1 YEAR, '', 0, 'Active',
   CURDATE() + INTERVAL 1 YEAR, CURDATE() + INTERVAL 1 YEAR - INTERVAL 14 DAY, '', 'stripe', 1, 0,
   0, NULL, 0, '', 1, CURDATE() - INTERVAL 4 YEAR, CURDATE() - INTERVAL 10 DAY),
  (2, 2, 2, 'Register', CURDATE() - INTERVAL 3 YEAR - INTERVAL 2 MONTH, 'nordlys.no', 150.00,
   150.00, 'openprovider', 1, CURDATE() + INTERVAL 10 MONTH, '', 0, 'Active',
   CURDATE() + INTERVAL 10 MONTH, CURDATE() + INTERVAL 10 MONTH - INTERVAL 14 DAY, '', 'banktransfer', 1, 0,
   0, NULL, 0, '', 1, CURDATE() - INTERVAL 3 YEAR - INTERVAL 2 MONTH, CURDATE() - INTERVAL 10 DAY),
  (3, 3, 3, 'Transfer', CURDATE() - INTERVAL 1 YEAR - INTERVAL 20 DAY, 'anna.se', 199.00,
   199.00, 'openprovider', 1, CURDATE() + INTERVAL 11 MONTH - INTERVAL 20 DAY, '', 0, 'Active',
   CURDATE() + INTERVAL 11 MONTH - INTERVAL 20 DAY, CURDATE() + INTERVAL 11 MONTH - INTERVAL 34 DAY, '', 'stripe', 0, 0,
   1, NULL, 0, '', 1, CURDATE() - INTERVAL 1 YEAR - INTERVAL 20 DAY, CURDATE() - INTERVAL 10 DAY),
  (4, 1, 0, 'Register', CURDATE() - INTERVAL 6 YEAR, 'nordmann-foto.no', 150.00,
   150.00, 'openprovider', 1, CURDATE() - INTERVAL 2 YEAR, '', 0, 'Cancelled',
   '0000-00-00', '0000-00-00', 'Kunden sa opp domenet', 'stripe', 0, 0,
   0, NULL, 1, '', 0, CURDATE() - INTERVAL 6 YEAR, CURDATE() - INTERVAL 2 YEAR),
  (5, 4, 4, 'Register', CURDATE() - INTERVAL 2 YEAR, 'fjellvind.no', 150.00,
   150.00, 'openprovider', 1, CURDATE() + INTERVAL 1 YEAR, '', 0, 'Active',
   CURDATE() + INTERVAL 1 YEAR, CURDATE() + INTERVAL 1 YEAR - INTERVAL 14 DAY, '', 'banktransfer', 1, 0,
   0, NULL, 0, '', 1, CURDATE() - INTERVAL 2 YEAR, CURDATE() - INTERVAL 10 DAY);

INSERT INTO tbldomainsadditionalfields (id, domainid, name, value, created_at, updated_at) VALUES
  (1, 3, 'Identification Number', '198001011234', CURDATE() - INTERVAL 1 YEAR - INTERVAL 20 DAY, CURDATE() - INTERVAL 1 YEAR - INTERVAL 20 DAY);

-- ---------------------------------------------------------------------------------
-- Custom fields. 1 is a client field "Personnummer" (admin only) holding Anna's
-- number; 2 is a product field, whose relid is a service id, not a client id; 3 is a
-- client drop-down "Kundetype" (Privat/Bedrift): Bedrift for 2 and 4, Privat for 1,
-- none for 3.
-- ---------------------------------------------------------------------------------
INSERT INTO tblcustomfields (id, type, relid, fieldname, fieldtype, description, fieldoptions,
  regexpr, adminonly, required, showorder, showinvoice, sortorder, created_at, updated_at) VALUES
  (1, 'client', 0, 'Personnummer', 'text', 'Svenskt personnummer (ÅÅÅÅMMDD-NNNN)', '',
   '', 'on', '', '', '', 0, CURDATE() - INTERVAL 5 YEAR, CURDATE() - INTERVAL 5 YEAR),
  (2, 'product', 1, 'Ønsket kontrollpanelspråk', 'dropdown', '', 'Norsk,Svenska,English',
   '', '', '', 'on', '', 0, CURDATE() - INTERVAL 5 YEAR, CURDATE() - INTERVAL 5 YEAR),
  (3, 'client', 0, 'Kundetype', 'dropdown', 'Privatperson eller bedrift', 'Privat,Bedrift',
   '', '', 'on', 'on', '', 1, CURDATE() - INTERVAL 5 YEAR, CURDATE() - INTERVAL 5 YEAR);

INSERT INTO tblcustomfieldsvalues (id, fieldid, relid, value, created_at, updated_at) VALUES
  (1, 1, 3, '19800101-1234', CURDATE() - INTERVAL 1 YEAR - INTERVAL 20 DAY, CURDATE() - INTERVAL 1 YEAR - INTERVAL 20 DAY),
  (2, 2, 1, 'Norsk', CURDATE() - INTERVAL 4 YEAR, CURDATE() - INTERVAL 4 YEAR),
  (3, 3, 1, 'Privat', CURDATE() - INTERVAL 4 YEAR, CURDATE() - INTERVAL 4 YEAR),
  (4, 3, 2, 'Bedrift', CURDATE() - INTERVAL 3 YEAR, CURDATE() - INTERVAL 3 YEAR),
  (5, 3, 4, 'Bedrift', CURDATE() - INTERVAL 2 YEAR, CURDATE() - INTERVAL 2 YEAR);

-- ---------------------------------------------------------------------------------
-- Invoices. They hold no buyer name or address.
--   1 Kari, 7 years ago, Paid          2 Kari, 3 years ago, Paid (has a snapshot)
--   3 Kari, this year, Paid            4 Nordlys, last year, Paid
--   5 Nordlys, this month, Unpaid      6 Anna, this year, Paid
--   7 Fjellvind, this year, Paid
-- "This year" dates are clamped to 1 January so they stay in the current year.
-- datepaid and date_refunded/date_cancelled stay zero until they happen.
-- ---------------------------------------------------------------------------------
INSERT INTO tblinvoices (id, userid, invoicenum, date, duedate, datepaid, last_capture_attempt,
  date_refunded, date_cancelled, subtotal, credit, tax, tax2, total, taxrate, taxrate2, status,
  paymentmethod, paymethodid, notes, created_at, updated_at) VALUES
  (1, 1, '', CURDATE() - INTERVAL 7 YEAR, CURDATE() - INTERVAL 7 YEAR + INTERVAL 14 DAY,
   CURDATE() - INTERVAL 7 YEAR + INTERVAL 3 DAY + INTERVAL 10 HOUR, '0000-00-00 00:00:00',
   '0000-00-00 00:00:00', '0000-00-00 00:00:00', 239.20, 0.00, 59.80, 0.00, 299.00, 25.000, 0.000, 'Paid',
   'stripe', NULL, '', CURDATE() - INTERVAL 7 YEAR, CURDATE() - INTERVAL 7 YEAR + INTERVAL 3 DAY),
  (2, 1, '', CURDATE() - INTERVAL 3 YEAR, CURDATE() - INTERVAL 3 YEAR + INTERVAL 14 DAY,
   CURDATE() - INTERVAL 3 YEAR + INTERVAL 1 DAY + INTERVAL 9 HOUR, '0000-00-00 00:00:00',
   '0000-00-00 00:00:00', '0000-00-00 00:00:00', 1119.20, 0.00, 279.80, 0.00, 1399.00, 25.000, 0.000, 'Paid',
   'stripe', NULL, '', CURDATE() - INTERVAL 3 YEAR, CURDATE() - INTERVAL 3 YEAR + INTERVAL 1 DAY),
  (3, 1, '', GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 10 DAY), GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 10 DAY) + INTERVAL 14 DAY,
   GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 10 DAY) + INTERVAL 11 HOUR, '0000-00-00 00:00:00',
   '0000-00-00 00:00:00', '0000-00-00 00:00:00', 1079.20, 0.00, 269.80, 0.00, 1349.00, 25.000, 0.000, 'Paid',
   'stripe', NULL, '', GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 10 DAY), GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 10 DAY) + INTERVAL 11 HOUR),
  (4, 2, '', CURDATE() - INTERVAL 1 YEAR, CURDATE() - INTERVAL 1 YEAR + INTERVAL 14 DAY,
   CURDATE() - INTERVAL 1 YEAR + INTERVAL 12 DAY + INTERVAL 14 HOUR, '0000-00-00 00:00:00',
   '0000-00-00 00:00:00', '0000-00-00 00:00:00', 2119.20, 0.00, 529.80, 0.00, 2649.00, 25.000, 0.000, 'Paid',
   'banktransfer', NULL, 'Betalt med KID', CURDATE() - INTERVAL 1 YEAR, CURDATE() - INTERVAL 1 YEAR + INTERVAL 12 DAY),
  (5, 2, '', GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 3 DAY), GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 3 DAY) + INTERVAL 14 DAY,
   '0000-00-00 00:00:00', '0000-00-00 00:00:00',
   '0000-00-00 00:00:00', '0000-00-00 00:00:00', 2119.20, 150.00, 529.80, 0.00, 2499.00, 25.000, 0.000, 'Unpaid',
   'banktransfer', NULL, '', GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 3 DAY), GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 3 DAY)),
  (6, 3, '', GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 20 DAY), GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 20 DAY) + INTERVAL 14 DAY,
   GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 20 DAY) + INTERVAL 15 HOUR, '0000-00-00 00:00:00',
   '0000-00-00 00:00:00', '0000-00-00 00:00:00', 1519.20, 0.00, 379.80, 0.00, 1899.00, 25.000, 0.000, 'Paid',
   'stripe', NULL, '', GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 20 DAY), GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 20 DAY) + INTERVAL 15 HOUR),
  (7, 4, '', GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 30 DAY), GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 30 DAY) + INTERVAL 14 DAY,
   GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 30 DAY) + INTERVAL 9 HOUR, '0000-00-00 00:00:00',
   '0000-00-00 00:00:00', '0000-00-00 00:00:00', 1199.20, 0.00, 299.80, 0.00, 1499.00, 25.000, 0.000, 'Paid',
   'banktransfer', NULL, '', GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 30 DAY), GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 30 DAY) + INTERVAL 9 HOUR);

INSERT INTO tblinvoiceitems (id, invoiceid, userid, type, relid, description, amount, taxed,
  duedate, paymentmethod, notes) VALUES
  (1, 1, 1, 'Hosting', 2, 'E-post - kari@kari-nordmann.no (12 måneder)', 299.00, 1,
   CURDATE() - INTERVAL 7 YEAR + INTERVAL 14 DAY, 'stripe', ''),
  (2, 2, 1, 'Hosting', 1, 'Webhotell - kari-nordmann.no (12 måneder)', 1199.00, 1,
   CURDATE() - INTERVAL 3 YEAR + INTERVAL 14 DAY, 'stripe', ''),
  (3, 2, 1, 'Addon', 1, 'Ekstra backup (12 måneder)', 200.00, 1,
   CURDATE() - INTERVAL 3 YEAR + INTERVAL 14 DAY, 'stripe', ''),
  (4, 3, 1, 'Hosting', 1, 'Webhotell - kari-nordmann.no (12 måneder)', 1199.00, 1,
   GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 10 DAY) + INTERVAL 14 DAY, 'stripe', ''),
  (5, 3, 1, 'Domain', 1, 'Fornyelse av domene - kari-nordmann.no - 1 år', 150.00, 1,
   GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 10 DAY) + INTERVAL 14 DAY, 'stripe', ''),
  (6, 4, 2, 'Hosting', 3, 'Webhotell - nordlys.no (12 måneder)', 2499.00, 1,
   CURDATE() - INTERVAL 1 YEAR + INTERVAL 14 DAY, 'banktransfer', ''),
  (7, 4, 2, 'Domain', 2, 'Fornyelse av domene - nordlys.no - 1 år', 150.00, 1,
   CURDATE() - INTERVAL 1 YEAR + INTERVAL 14 DAY, 'banktransfer', ''),
  (8, 5, 2, 'Hosting', 3, 'Webhotell - nordlys.no (12 måneder)', 2499.00, 1,
   GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 3 DAY) + INTERVAL 14 DAY, 'banktransfer', ''),
  (9, 6, 3, 'Hosting', 5, 'Webhotell - anna.se (12 månader)', 1199.00, 1,
   GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 20 DAY) + INTERVAL 14 DAY, 'stripe', ''),
  (10, 6, 3, 'DomainTransfer', 3, 'Flytt av domän - anna.se - 1 år', 700.00, 1,
   GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 20 DAY) + INTERVAL 14 DAY, 'stripe', ''),
  (11, 7, 4, 'Hosting', 6, 'Webhotell - fjellvind.no (12 måneder)', 1199.00, 1,
   GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 30 DAY) + INTERVAL 14 DAY, 'banktransfer', ''),
  (12, 7, 4, 'Domain', 5, 'Fornyelse av domene - fjellvind.no - 1 år', 300.00, 1,
   GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 30 DAY) + INTERVAL 14 DAY, 'banktransfer', '');

-- The buyer snapshot of invoice 2, from when snapshots were on: Kari's address then
-- (Gamleveien 2), not her address now. Serialized PHP, as WHMCS stores it.
INSERT INTO mod_invoicedata (id, invoiceid, clientsdetails, customfields) VALUES
  (1, 2, 'a:13:{s:6:"userid";i:1;s:9:"firstname";s:4:"Kari";s:8:"lastname";s:8:"Nordmann";s:11:"companyname";s:0:"";s:5:"email";s:24:"kari.nordmann@example.no";s:8:"address1";s:12:"Gamleveien 2";s:8:"address2";s:0:"";s:4:"city";s:4:"Oslo";s:5:"state";s:0:"";s:8:"postcode";s:4:"0555";s:7:"country";s:2:"NO";s:11:"phonenumber";s:12:"+47.91234567";s:6:"tax_id";s:0:"";}', 'a:0:{}');

-- Payments for the paid invoices (none for the unpaid invoice 5).
INSERT INTO tblaccounts (id, userid, currency, gateway, date, description, amountin, fees,
  amountout, rate, transid, invoiceid, refundid) VALUES
  (1, 1, 0, 'stripe', CURDATE() - INTERVAL 7 YEAR + INTERVAL 3 DAY + INTERVAL 10 HOUR, 'Invoice Payment', 299.00, 9.27, 0.00, 1.00000, 'ch_1FixtureKari0001', 1, 0),
  (2, 1, 0, 'stripe', CURDATE() - INTERVAL 3 YEAR + INTERVAL 1 DAY + INTERVAL 9 HOUR, 'Invoice Payment', 1399.00, 41.97, 0.00, 1.00000, 'ch_1FixtureKari0002', 2, 0),
  (3, 1, 0, 'stripe', GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 10 DAY) + INTERVAL 11 HOUR, 'Invoice Payment', 1349.00, 40.47, 0.00, 1.00000, 'ch_1FixtureKari0003', 3, 0),
  (4, 2, 0, 'banktransfer', CURDATE() - INTERVAL 1 YEAR + INTERVAL 12 DAY + INTERVAL 14 HOUR, 'Invoice Payment', 2649.00, 0.00, 0.00, 1.00000, 'KID 0000004', 4, 0),
  (5, 3, 0, 'stripe', GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 20 DAY) + INTERVAL 15 HOUR, 'Invoice Payment', 1899.00, 56.97, 0.00, 1.00000, 'ch_1FixtureAnna0006', 6, 0),
  (6, 4, 0, 'banktransfer', GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 30 DAY) + INTERVAL 9 HOUR, 'Invoice Payment', 1499.00, 0.00, 0.00, 1.00000, 'KID 0000007', 7, 0);

-- A quote for Nordlys: quotes keep their own copy of the buyer's details.
INSERT INTO tblquotes (id, subject, stage, validuntil, userid, firstname, lastname, companyname,
  email, address1, address2, city, state, postcode, country, phonenumber, tax_id, currency,
  subtotal, tax1, tax2, total, proposal, customernotes, adminnotes, datecreated, lastmodified,
  datesent, dateaccepted) VALUES
  (1, 'VPS for Nordlys', 'Delivered', CURDATE() + INTERVAL 20 DAY, 2, 'Ola', 'Hansen', 'Nordlys Webbyrå AS',
   'faktura@nordlys.example.no', 'Kongens gate 10', '3. etasje', 'Trondheim', 'Trøndelag', '7011', 'NO', '+47.73123456', 'NO923456789MVA', 1,
   4000.00, 1000.00, 0.00, 5000.00, 'VPS med 4 kjerner og 8 GB minne', '', 'Rabatt avtalt på telefon',
   CURDATE() - INTERVAL 10 DAY, CURDATE() - INTERVAL 10 DAY, CURDATE() - INTERVAL 9 DAY, '0000-00-00');

-- ---------------------------------------------------------------------------------
-- Pay methods (7.8+). 1: Kari's Visa ending 4242, stored at Stripe (the encrypted
-- card_data holds the remote token). 2: Nordlys' bank account, stored locally (the
-- encrypted bank_data holds the numbers). Both blobs are secrets.
-- ---------------------------------------------------------------------------------
INSERT INTO tblpaymethods (id, userid, description, contact_id, contact_type, payment_id,
  payment_type, gateway_name, order_preference, created_at, updated_at, deleted_at) VALUES
  (1, 1, 'Visa', 1, 'Client', 1, 'RemoteCreditCard', 'stripe', 0,
   CURDATE() - INTERVAL 2 YEAR, CURDATE() - INTERVAL 2 YEAR, NULL),
  (2, 2, 'Bedriftskonto', 2, 'Client', 1, 'BankAccount', '', 0,
   CURDATE() - INTERVAL 3 YEAR, CURDATE() - INTERVAL 3 YEAR, NULL);

INSERT INTO tblcreditcards (id, pay_method_id, card_type, last_four, expiry_date, card_data,
  created_at, updated_at, deleted_at) VALUES
  (1, 1, 'Visa', '4242', LAST_DAY(CURDATE() + INTERVAL 2 YEAR),
   'ZW5jOnsiY3VzdG9tZXIiOiJjdXNfS3hGaXh0dXJlMDAwMSIsIm1ldGhvZCI6InBtXzFLeEZpeHR1cmVLYXJpNDI0MiJ9',
   CURDATE() - INTERVAL 2 YEAR, CURDATE() - INTERVAL 2 YEAR, NULL);

INSERT INTO tblbankaccts (id, pay_method_id, bank_name, acct_type, bank_data, created_at,
  updated_at, deleted_at) VALUES
  (1, 2, 'DNB', 'Checking', 'ZW5jOnsiYmFua19jb2RlIjoiMTUwMyIsImJhbmtfYWNjdCI6IjE1MDMxMjM0NTY3In0=',
   CURDATE() - INTERVAL 3 YEAR, CURDATE() - INTERVAL 3 YEAR, NULL);

-- ---------------------------------------------------------------------------------
-- Support. Ticket 1 is Kari's, with a staff reply (Siri) and a reply from Kari; a
-- client's own ticket leaves name and email empty (WHMCS reads the client). c is the
-- guest access key, a secret. Ticket 2 was opened by Lars for Nordlys.
-- ---------------------------------------------------------------------------------
INSERT INTO tbltickets (id, tid, did, userid, contactid, requestor_id, name, email, cc, c,
  ipaddress, date, title, message, status, urgency, admin, attachment, attachments_removed,
  lastreply, flag, clientunread, adminunread, replyingadmin, replyingtime, service,
  merged_ticket_id, editor, updated_at) VALUES
  (1, '482913', 1, 1, 0, 1, '', '', '', 'Xk29sLq0',
   '203.0.113.7', CURDATE() - INTERVAL 60 DAY + INTERVAL 9 HOUR, 'Spørsmål om faktura',
   'Hei! Jeg lurer på hvorfor fakturaen ble høyere i år. Mvh Kari Nordmann, tlf 912 34 567', 'Closed', 'Medium', '', '', 0,
   CURDATE() - INTERVAL 59 DAY + INTERVAL 14 HOUR, 0, 0, '', 0, '0000-00-00 00:00:00', 'S1',
   0, 'markdown', CURDATE() - INTERVAL 59 DAY + INTERVAL 14 HOUR),
  (2, '730155', 1, 2, 0, 4, '', '', '', 'Pq81zWn4',
   '198.51.100.23', CURDATE() - INTERVAL 6 DAY + INTERVAL 10 HOUR, 'SSL-sertifikat for nordlys.no',
   'Kan dere fornye sertifikatet? Hilsen Lars', 'Open', 'High', '', '', 0,
   CURDATE() - INTERVAL 6 DAY + INTERVAL 10 HOUR, 0, 0, '1', 0, '0000-00-00 00:00:00', 'S3',
   0, 'markdown', CURDATE() - INTERVAL 6 DAY + INTERVAL 10 HOUR);

INSERT INTO tblticketreplies (id, tid, userid, contactid, requestor_id, name, email, date,
  message, admin, attachment, attachments_removed, rating, editor) VALUES
  (1, 1, 0, 0, 0, '', '', CURDATE() - INTERVAL 60 DAY + INTERVAL 11 HOUR,
   'Hei Kari, prisen på webhotell ble justert fra 1. januar. Vennlig hilsen Siri', 'Siri Støtte', '', 0, 0, 'markdown'),
  (2, 1, 1, 0, 1, '', '', CURDATE() - INTERVAL 59 DAY + INTERVAL 14 HOUR,
   'Takk for svar!', '', '', 0, 0, 'markdown');

-- A staff-only note on ticket 1 (admin is the staff member's name).
INSERT INTO tblticketnotes (id, ticketid, admin, date, message, attachments, attachments_removed, editor) VALUES
  (1, 1, 'Siri Støtte', CURDATE() - INTERVAL 60 DAY + INTERVAL 10 HOUR,
   'Kunden ringte også, tlf 912 34 567. Forklarte prisøkningen.', '', 0, 'markdown');

-- Copies of e-mails WHMCS sent (full HTML).
INSERT INTO tblemails (id, userid, subject, message, date, `to`, cc, bcc, attachments, pending,
  message_data, failed, failure_reason, retry_count, created_at, updated_at, campaign_id) VALUES
  (1, 1, 'Faktura #3 er opprettet', '<p>Kjære Kari Nordmann,</p><p>Faktura #3 på kr 1 349,00 er opprettet.</p>',
   GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 10 DAY) + INTERVAL 1 HOUR, 'kari.nordmann@example.no', '', '', '', 0,
   NULL, 0, '', 0, GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 10 DAY) + INTERVAL 1 HOUR, GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 10 DAY) + INTERVAL 1 HOUR, 0),
  (2, 1, 'Betalingsbekreftelse for faktura #3', '<p>Kjære Kari Nordmann,</p><p>Takk for betalingen.</p>',
   GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 10 DAY) + INTERVAL 11 HOUR, 'kari.nordmann@example.no', '', '', '', 0,
   NULL, 0, '', 0, GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 10 DAY) + INTERVAL 11 HOUR, GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 10 DAY) + INTERVAL 11 HOUR, 0),
  (3, 1, '[Ticket ID: 482913] Spørsmål om faktura', '<p>Hei Kari, prisen på webhotell ble justert fra 1. januar.</p>',
   CURDATE() - INTERVAL 60 DAY + INTERVAL 11 HOUR, 'kari.nordmann@example.no', '', '', '', 0,
   NULL, 0, '', 0, CURDATE() - INTERVAL 60 DAY + INTERVAL 11 HOUR, CURDATE() - INTERVAL 60 DAY + INTERVAL 11 HOUR, 0),
  (4, 2, 'Faktura #5 er opprettet', '<p>Kjære Ola Hansen,</p><p>Faktura #5 på kr 2 499,00 er opprettet.</p>',
   GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 3 DAY) + INTERVAL 1 HOUR, 'faktura@nordlys.example.no', 'per.kontakt@nordlys.example.no', '', '', 0,
   NULL, 0, '', 0, GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 3 DAY) + INTERVAL 1 HOUR, GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 3 DAY) + INTERVAL 1 HOUR, 0);

-- A staff note on Kari's account, not sticky.
INSERT INTO tblnotes (id, userid, adminid, created, modified, note, sticky) VALUES
  (1, 1, 1, CURDATE() - INTERVAL 59 DAY + INTERVAL 15 HOUR, CURDATE() - INTERVAL 59 DAY + INTERVAL 15 HOUR,
   'Ringte om prisøkning, forklart. Kunden fornøyd.', 0);

-- ---------------------------------------------------------------------------------
-- Kari's marketing consent: opted in at sign-up, and again at a later order. The
-- second IP is an IPv6 address cut to the column's 32 characters, as WHMCS leaves it.
-- ---------------------------------------------------------------------------------
INSERT INTO tblmarketing_consent (id, userid, opt_in, admin, ip_address, created_at, updated_at) VALUES
  (1, 1, 1, 0, '203.0.113.7', CURDATE() - INTERVAL 4 YEAR - INTERVAL 12 DAY + INTERVAL 20 HOUR, CURDATE() - INTERVAL 4 YEAR - INTERVAL 12 DAY + INTERVAL 20 HOUR),
  (2, 1, 1, 0, '2001:0db8:85a3:0000:0000:8a2e:03', CURDATE() - INTERVAL 1 YEAR + INTERVAL 18 HOUR, CURDATE() - INTERVAL 1 YEAR + INTERVAL 18 HOUR);

-- ---------------------------------------------------------------------------------
-- Activity log. userid is the client, user_id the user, admin_id the staff member;
-- description is free text naming people and addresses.
-- ---------------------------------------------------------------------------------
INSERT INTO tblactivitylog (id, date, description, user, userid, user_id, admin_id, ipaddr) VALUES
  (1, CURDATE() - INTERVAL 4 YEAR - INTERVAL 12 DAY + INTERVAL 20 HOUR, 'Client Created - Client ID: 1', 'System', 1, 1, 0, '203.0.113.7'),
  (2, CURDATE() - INTERVAL 60 DAY + INTERVAL 9 HOUR, 'New Support Ticket Opened - Ticket ID: 1', 'Kari Nordmann', 1, 1, 0, '203.0.113.7'),
  (3, CURDATE() - INTERVAL 59 DAY + INTERVAL 15 HOUR, 'Client Note Added - Client ID: 1', 'siri', 1, 0, 1, '10.20.0.5'),
  (4, CURDATE() - INTERVAL 40 DAY + INTERVAL 10 HOUR, 'Client Profile Modified - Phone Number - User ID: 1', 'Kari Nordmann', 1, 1, 0, '203.0.113.7'),
  (5, GREATEST(MAKEDATE(YEAR(CURDATE()), 1), CURDATE() - INTERVAL 10 DAY) + INTERVAL 1 HOUR, 'Email Sent to kari.nordmann@example.no (Invoice Created)', 'System', 1, 0, 0, ''),
  (6, CURDATE() - INTERVAL 2 DAY + INTERVAL 19 HOUR, 'User Logged In - User ID: 1', 'Kari Nordmann', 1, 1, 0, '203.0.113.7'),
  (7, CURDATE() - INTERVAL 1 DAY + INTERVAL 8 HOUR, 'User Logged In - User ID: 2', 'Ola Hansen', 2, 2, 0, '198.51.100.23');

-- ---------------------------------------------------------------------------------
-- The privacy portal addon as WHMCS stores it once activated and configured: one row
-- per setting, plus version and access (admin roles 1, 2 and 3 may open it; only 1 and
-- 2 may decide and execute). The key path points at a file outside the web root; the key
-- itself is never stored here.
-- ---------------------------------------------------------------------------------
INSERT INTO tbladdonmodules (id, module, setting, value) VALUES
  (1, 'privacyportal', 'version', '1.0.0'),
  (2, 'privacyportal', 'access', '1,2,3'),
  (3, 'privacyportal', 'portal_url', 'https://personvern.fjordhost.example.no'),
  (4, 'privacyportal', 'issuer', 'fjordhost-whmcs'),
  (5, 'privacyportal', 'key_path', '/etc/privacyportal/privacyportal-ed25519.pem'),
  (6, 'privacyportal', 'key_id', 'fjordhost-1'),
  (7, 'privacyportal', 'token_ttl', '120'),
  (8, 'privacyportal', 'decide_roles', '1,2');
