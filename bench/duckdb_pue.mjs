// DuckDB contender of the dceff benchmark (bench/README.md): monthly energy per meter and the
// annual category-2 PUE of samples/site.json, computed in SQL from a long CSV (read_csv) or an
// NDJSON file (read_json), with the rules dceff applies to gap-free generator data:
//
// - every row is (timestamp, meter, value); LEAD() over the meter's rows in time order gives the
//   next sample, the last sample of a meter contributes nothing (the period ends at the last
//   reading, as dceff's does);
// - power meters (kW): left Riemann, energy = value x (next_ts - ts) in hours;
// - grid.main.kwh: cumulative kWh register, delta = next - value, + 1,000,000 when negative
//   (the rollover declared in site.json);
// - genset.fuel: cumulative litres of diesel, delta x 9.9 kWh/L (EN 50600-4 calorific value);
// - water.makeup: cumulative m3, delta (reported, not used by the PUE); oat: not an energy;
// - E_DC = grid + genset + pv.roof - office; E_IT (category 2) = sum of pdu.*; PUE = E_DC / E_IT;
// - months are the site's local months (Europe/Berlin), like dceff's buckets.
//
// Usage: node duckdb_pue.mjs csv|ndjson FILE [-o OUT.json]   (result JSON on stdout by default)
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { DuckDBInstance } from '@duckdb/node-api';

const [format, file, flag, out] = process.argv.slice(2);
if (!['csv', 'ndjson'].includes(format) || !file || (flag !== undefined && flag !== '-o')) {
  console.error('usage: node duckdb_pue.mjs csv|ndjson FILE [-o OUT.json]');
  process.exit(2);
}

const ROLLOVER_KWH = 1000000;
const DIESEL_KWH_PER_L = 9.9;
const columns = "{'timestamp': 'TIMESTAMPTZ', 'meter': 'VARCHAR', 'value': 'DOUBLE'}";
const quoted = `'${file.replaceAll("'", "''")}'`;
const source =
  format === 'csv'
    ? `read_csv(${quoted}, header = true, delim = ',', columns = ${columns})`
    : `read_json(${quoted}, format = 'newline_delimited', columns = ${columns})`;

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
await db.run('SET threads = 2');
await db.run("SET TimeZone = 'Europe/Berlin'");

await db.run(`
  CREATE TEMP TABLE monthly AS
  WITH readings AS (
    SELECT "timestamp" AS ts, meter, value FROM ${source}
  ),
  paired AS (
    SELECT meter, ts, value,
           LEAD(ts) OVER w AS next_ts,
           LEAD(value) OVER w AS next_value
    FROM readings
    WINDOW w AS (PARTITION BY meter ORDER BY ts)
  )
  SELECT meter,
         strftime(date_trunc('month', ts), '%Y-%m') AS month,
         count(*) AS intervals,
         sum(CASE
               WHEN meter = 'grid.main.kwh' THEN
                 CASE WHEN next_value < value THEN next_value - value + ${ROLLOVER_KWH}
                      ELSE next_value - value END
               WHEN meter = 'genset.fuel' THEN (next_value - value) * ${DIESEL_KWH_PER_L}
               WHEN meter = 'water.makeup' THEN next_value - value
               ELSE value * (epoch_ms(next_ts) - epoch_ms(ts)) / 3600000.0
             END) AS amount
  FROM paired
  WHERE next_ts IS NOT NULL AND meter <> 'oat'
  GROUP BY ALL
`);

const rows = (
  await db.runAndReadAll('SELECT meter, month, intervals, amount FROM monthly ORDER BY month, meter')
).getRowObjectsJS();
const totals = (
  await db.runAndReadAll(`
    SELECT coalesce(sum(amount) FILTER (WHERE meter IN ('grid.main.kwh', 'genset.fuel', 'pv.roof')), 0)
             - coalesce(sum(amount) FILTER (WHERE meter = 'office'), 0) AS e_dc,
           sum(amount) FILTER (WHERE meter LIKE 'pdu.%') AS e_it
    FROM monthly`)
).getRowObjectsJS()[0];
const version = (await db.runAndReadAll('SELECT version() AS v')).getRowObjectsJS()[0].v;

const monthly = {};
for (const r of rows) {
  (monthly[r.month] ??= {})[r.meter] = r.amount;
}
const require = createRequire(import.meta.url);
const result = {
  contender: 'duckdb',
  engine: `DuckDB ${version}, @duckdb/node-api ${require('@duckdb/node-api/package.json').version}, Node ${process.version}`,
  input: file,
  format,
  intervals: rows.reduce((n, r) => n + Number(r.intervals), 0),
  e_dc_kwh: totals.e_dc,
  e_it_kwh: totals.e_it,
  pue: totals.e_dc / totals.e_it,
  monthly_kwh: monthly, // water.makeup in m3
};
const text = `${JSON.stringify(result, null, 1)}\n`;
if (out) {
  writeFileSync(out, text);
} else {
  process.stdout.write(text);
}
