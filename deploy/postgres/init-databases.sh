#!/bin/sh
# First start of the postgres container only (empty data volume): one role and database for the app, one
# role for Temporal. temporalio/auto-setup expects the database named like its user ("temporal") to exist
# already and creates temporal_visibility itself, hence CREATEDB.
set -eu

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v usulan_pw="$USULAN_DB_PASSWORD" -v temporal_pw="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE usulan LOGIN PASSWORD :'usulan_pw';
CREATE DATABASE usulan OWNER usulan;
CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'temporal_pw';
CREATE DATABASE temporal OWNER temporal;
SQL
