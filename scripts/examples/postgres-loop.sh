#!/usr/bin/env bash
# The segmentation loop in PostgreSQL, as docs/scale.md ("Running the loop in PostgreSQL") walks through it:
# the demo's files stand in for the warehouse's tables; the wide table, every customer's segment, the profile
# statistics and the tags are computed by PostgreSQL from the SQL Segmenta compiles, and only a sample comes back
# to a workspace, where the analyst fits and names the segments.
#
#   scripts/examples/postgres-loop.sh URL DIR [CUSTOMERS]
#
# URL is a PostgreSQL connection URL (a database the script may create tables in; they are dropped first), DIR a
# new folder for the files. psql must be on PATH (or in /usr/lib/postgresql/*/bin). SEGMENTA names the
# executable (default: .build/debug/segmenta, from `swift build`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
url=${1:?usage: postgres-loop.sh URL DIR [CUSTOMERS]}
dir=${2:?usage: postgres-loop.sh URL DIR [CUSTOMERS]}
customers=${3:-20000}
segmenta=${SEGMENTA:-$root/.build/debug/segmenta}
if ! command -v psql >/dev/null; then
  for candidate in /usr/lib/postgresql/*/bin; do [[ -x "$candidate/psql" ]] && PATH="$candidate:$PATH"; done
fi
mkdir "$dir"
cd "$dir"
sql() { psql "$url" -v ON_ERROR_STOP=1 -q "$@"; }

# 1. The warehouse: customers and three kinds of usage events, loaded as text and typed in SQL.
"$segmenta" demo --customers "$customers" --seed 7 --out demo > /dev/null
sql <<'SQL'
DROP TABLE IF EXISTS calls_text, messages_text, data_text, customers_text, events, customers, features, scores,
  customer_tags CASCADE;
CREATE TABLE calls_text (customer_id text, "timestamp" text, event_type text, duration text, party text,
  party_network text, scope text, roaming text);
CREATE TABLE messages_text (customer_id text, "timestamp" text, event_type text, party text, party_network text,
  length text, fee text);
CREATE TABLE data_text (customer_id text, "timestamp" text, event_type text, service text, bytes text,
  duration text);
CREATE TABLE customers_text (customer_id text, gender text, age text, city text, brand text, plan_code text,
  start_date text, arpu text, phone text, email text, sms_opt_out text, call_opt_out text, email_opt_out text,
  churned text);
\copy calls_text FROM 'demo/calls.csv' CSV HEADER
\copy messages_text FROM 'demo/messages.csv' CSV HEADER
\copy data_text FROM 'demo/data.csv' CSV HEADER
\copy customers_text FROM 'demo/customers.csv' CSV HEADER
-- One events table over the union of the files' columns, as `compile features --json` lists them.
CREATE TABLE events AS
  SELECT customer_id, "timestamp"::timestamp AS "timestamp", event_type, duration::float8 AS duration,
    NULL::float8 AS length, NULL::float8 AS fee, NULL::float8 AS bytes, scope, roaming, party_network, party,
    NULL AS service FROM calls_text
  UNION ALL
  SELECT customer_id, "timestamp"::timestamp, event_type, NULL, length::float8, fee::float8, NULL, NULL, NULL,
    party_network, party, NULL FROM messages_text
  UNION ALL
  SELECT customer_id, "timestamp"::timestamp, event_type, duration::float8, NULL, NULL, bytes::float8, NULL, NULL,
    NULL, NULL, service FROM data_text;
CREATE TABLE customers AS
  SELECT customer_id, gender, NULLIF(age, '')::float8 AS age, city, brand, plan_code,
    NULLIF(start_date, '')::date AS start_date, NULLIF(arpu, '')::float8 AS arpu FROM customers_text;
SQL

# 2. The wide table, built by PostgreSQL.
"$segmenta" compile features --spec demo/features.yaml --target postgres --out features.sql
{ echo "CREATE TABLE features AS"; cat features.sql; } | sql

# 3. A sample of 5,000 customers (a seeded hash order) into a new workspace; fit and name the segments there.
sql <<'SQL'
\copy (SELECT f.* FROM features f ORDER BY md5('7:' || f.customer_id), f.customer_id LIMIT 5000) TO 'sample.csv' CSV HEADER
\copy (SELECT c.* FROM customers_text c JOIN (SELECT customer_id FROM features ORDER BY md5('7:' || customer_id), customer_id LIMIT 5000) s USING (customer_id)) TO 'sample-customers.csv' CSV HEADER
SQL
"$segmenta" init --workspace sample.db > /dev/null
"$segmenta" import customers sample-customers.csv --workspace sample.db > /dev/null
"$segmenta" features import --workspace sample.db --spec demo/features.yaml --period 2024Q1 sample.csv
"$segmenta" segment --workspace sample.db --name usage --k 8 --seed 1 --period 2024Q1

# 4. Every customer scored by PostgreSQL with the compiled model.
"$segmenta" compile model usage --workspace sample.db --target postgres --table features --out model.sql
{ echo "CREATE TABLE scores AS"; cat model.sql; } | sql
sql -c "\copy (SELECT segment, count(*) AS customers FROM scores GROUP BY 1 ORDER BY 1) TO 'segment-counts.csv' CSV HEADER"
cat segment-counts.csv

# 5. The profile of every customer: statistics from PostgreSQL, the report rendered locally.
"$segmenta" compile profile usage --workspace sample.db --target postgres --table features --scores scores \
  --customers customers --out profile.sql
{ echo "COPY ("; sed 's/;[[:space:]]*$//' profile.sql; echo ") TO STDOUT WITH (FORMAT csv, HEADER)"; } | sql > statistics.csv
"$segmenta" profile usage --workspace sample.db --statistics statistics.csv --format html --out usage.html

# 6. The demo's tags for every customer, from the features and the customer columns the rules read.
"$segmenta" tags define --workspace sample.db --spec demo/tags.yaml > /dev/null
sql -c "CREATE VIEW tagged AS SELECT f.*, c.gender, c.age, c.city, c.brand, c.plan_code
          FROM features f JOIN customers c USING (customer_id)"
"$segmenta" compile tags --workspace sample.db --target postgres --table tagged --tag-table customer_tags \
  --out tags.sql
sql -f tags.sql
sql -c "\copy (SELECT tag, count(*) AS customers FROM customer_tags GROUP BY tag ORDER BY tag) TO 'tag-counts.csv' CSV HEADER"
cat tag-counts.csv
echo "The loop ran in PostgreSQL: tables features, scores and customer_tags; usage.html, segment-counts.csv and tag-counts.csv in $dir"
