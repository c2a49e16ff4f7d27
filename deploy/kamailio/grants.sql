-- The registrar's own PostgreSQL role: it reads the SIP credentials and keeps the registrations, and can touch
-- nothing else of the portal (customers, changes, the audit trail, the sealed new passwords). Run as the owner of
-- the portal's tables after its migrations; re-running it is harmless. In production, give the role a password
-- (ALTER ROLE kamailio_registrar PASSWORD '…') or a certificate, as your pg_hba.conf requires.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kamailio_registrar') THEN
    CREATE ROLE kamailio_registrar LOGIN;
  END IF;
END
$$;

-- Only the owner creates objects in the portal's schema. A function another role planted in public could be picked by
-- the portal's own queries and run with the owner's rights (CVE-2018-1058). PostgreSQL 15 and later revoke this from
-- PUBLIC by default; clusters made by an older one, or restored from one, still grant it.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM kamailio_registrar;
GRANT USAGE ON SCHEMA public TO kamailio_registrar;
-- Read only, through views: a line's digest hashes in one row (the current one, the previous one during its grace
-- (the view ends it by itself), the retired and the early ones, to tell the customer's own devices from strangers),
-- the previous ones alone (sip_forget_stale_registrations reads them as the registrar), the numbers that are ours,
-- the bans in force (loaded into the registrar's memory) and each table's schema version. Never the table of hashes
-- itself.
REVOKE ALL ON TABLE sip_credentials FROM kamailio_registrar;
GRANT SELECT ON TABLE sip_line_credentials, sip_previous_credentials, sip_numbers, sip_bans_in_force, version
  TO kamailio_registrar;
-- Whether a line's international calling is on, read on each international call.
GRANT SELECT ON TABLE sip_outbound_policies TO kamailio_registrar;
-- The views of one password each are no longer the registrar's to read; one granted them by an earlier version
-- loses them.
REVOKE ALL ON TABLE sip_credentials_in_force, sip_retired_credentials, sip_early_credentials FROM kamailio_registrar;
-- A REGISTER with the current password ends the line's grace (it can end one, never start or lengthen one), and a
-- call to a line first forgets the registrations whose previous password's grace is over.
GRANT EXECUTE ON FUNCTION sip_end_grace(text, text), sip_forget_stale_registrations(text, text) TO kamailio_registrar;
-- Failed authentications are recorded, and bans decided, only through this function: the role can add a count or a
-- ban the rules call for, never read the records, edit them or lift a ban.
GRANT EXECUTE ON FUNCTION sip_record_failure(text, text, integer, text, text, integer, bigint) TO kamailio_registrar;
-- usrloc (db_mode 3) inserts, refreshes and expires registrations.
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE location TO kamailio_registrar;
GRANT USAGE, SELECT ON SEQUENCE location_id_seq TO kamailio_registrar;
-- The velocity rule stops a line's international calls through this function only: it can turn them off, never on.
GRANT EXECUTE ON FUNCTION sip_stop_international(text, integer, integer) TO kamailio_registrar;
-- acc writes the call records (one row per INVITE transaction, and a CDR per answered call); the portal reads them and
-- ages them out. The registrar only adds rows.
GRANT INSERT ON TABLE acc, acc_cdrs TO kamailio_registrar;
GRANT USAGE ON SEQUENCE acc_id_seq, acc_cdrs_id_seq TO kamailio_registrar;
