// Every table of the portal (docs/architecture.md §5), by domain. Timestamps are timestamptz (UTC); Japan time is a
// display concern.
export * from "./customers";
export * from "./lines";
export * from "./sign-in";
export * from "./audit";
export * from "./mail";
export * from "./registrar";
export * from "./provisioning";
export * from "./approvals";
// Kamailio's own tables (version, location, acc's call records), in its schema's shape; and what the database is for.
export { kamailioAcc, kamailioAccCdrs, kamailioLocations, kamailioVersions } from "./kamailio";
export { databasePurpose } from "./purpose";
