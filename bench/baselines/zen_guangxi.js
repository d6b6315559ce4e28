// The Guangxi 2017 rules as a GoRules ZEN decision (zen_guangxi.json), run
// claim by claim the way a rules-engine user would: the caller keeps each
// person's annual accumulators and passes them in. Checks every answer
// against hpr's (EXPECTED.csv) and prints evaluations per second as JSON.
// usage: node zen_guangxi.js PERSONS.csv CLAIMS.csv EXPECTED.csv N
const fs = require('fs');
const path = require('path');
const { ZenEngine } = require('@gorules/zen-engine');

const [personsCsv, claimsCsv, expectedCsv, nArg] = process.argv.slice(2);
const rows = (f) => fs.readFileSync(f, 'utf8').trim().split('\n').map((l) => l.split(','));
const LEVELS = ['village', 'township', 'county', 'city', 'province'];

const poorSpan = new Map();
for (const r of rows(personsCsv).slice(1)) {
  const m = /registered_poor=(\d{4}-\d\d-\d\d)\.\.(\d{4}-\d\d-\d\d)?/.exec(r[2] || '');
  if (m) poorSpan.set(r[0], [m[1], m[2] || '9999-12-31']);
}
const expected = new Map(rows(expectedCsv).slice(1).map((r) => [r[0], Number(r[1])]));
const claims = rows(claimsCsv);
const hdr = claims[0];
const col = (name) => hdr.indexOf(name);
const [cId, cPerson, cType, cAdm, cLevel, cLoc, cScope] =
  ['claim_id', 'person_id', 'type', 'admission_date', 'level', 'location', 'in_scope_fen'].map(col);
const n = Math.min(Number(nArg || 100000), claims.length - 1);

(async () => {
  const engine = new ZenEngine();
  const decision = engine.createDecision(fs.readFileSync(path.join(__dirname, 'zen_guangxi.json')));
  const acc = new Map();
  let mismatches = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 1; i <= n; i++) {
    const r = claims[i];
    const key = r[cPerson] + '/' + r[cAdm].slice(0, 4);
    let a = acc.get(key);
    if (!a) acc.set(key, (a = { basic: 0, critBase: 0, critDed: 0, critPaid: 0, assist: 0 }));
    const span = poorSpan.get(r[cPerson]);
    const poor = !!span && r[cAdm] >= span[0] && r[cAdm] <= span[1];
    const { result } = await decision.evaluate({
      inpatient: r[cType] === 'inpatient', poor, level: LEVELS.indexOf(r[cLevel]),
      local: r[cLoc] === 'in_county' || r[cLoc] === 'in_city', scope: Number(r[cScope]),
      basic_paid_before: a.basic, crit_base_before: a.critBase, crit_ded_before: a.critDed,
      crit_paid_before: a.critPaid, assist_paid_before: a.assist,
    });
    const basic = Number(result.basic), crit = Number(result.critical), as = Number(result.assistance);
    if (r[cType] === 'inpatient') {
      a.basic += basic; a.critBase += Number(result.crit_base); a.critDed += Number(result.ded_c);
      a.critPaid += crit;
    }
    if (r[cType] === 'inpatient' && poor) a.assist += as;
    const paid = basic + crit + as + Number(result.topup);
    if (paid !== expected.get(r[cId])) mismatches++;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(JSON.stringify({ evaluations: n, seconds, per_second: n / seconds, mismatches }));
})();
