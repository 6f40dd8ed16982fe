import type autocannon from 'autocannon';
import { sql } from 'kysely';
import type { BenchCtx } from './context.ts';

export type SaveTarget = { lao: string; version: number; rowId: string; values: Record<string, unknown> };

/**
 * LAOs whose form `waste-management` is complete and whose aspect 1 is not certified (a save needs no
 * change reason), with their current version: each load connection saves its own, so saves never conflict.
 */
export async function saveTargets(ctx: BenchCtx, n: number, offset = 0): Promise<SaveTarget[]> {
  const r = await sql<{ lao_code: string; version: number; id: string; values_json: string }>`
    select d.lao_code, d.version, r.id, r.values_json
    from dataset_record d
    join dataset_row r on r.lao_code = d.lao_code and r.year = d.year and r.dataset_id = d.dataset_id
    left join aspect_status a on a.lao_code = d.lao_code and a.year = d.year and a.section_no = 1
    where d.year = ${ctx.year} and d.dataset_id = 'waste-management' and d.status = 'complete'
      and (a.lao_certified_at is null and a.province_certified_at is null)
    order by d.lao_code limit ${n} offset ${offset}`.execute(ctx.db.kysely);
  return r.rows.map((x) => ({
    lao: x.lao_code,
    version: Number(x.version),
    rowId: x.id,
    values: JSON.parse(x.values_json),
  }));
}

/** A PUT body that really changes the form (the fee moves each time), from the connection's state. */
export function saveBody(t: SaveTarget, n: number) {
  return JSON.stringify({
    version: t.version,
    rows: [{ id: t.rowId, values: { ...t.values, feeBahtPerMonth: (2000 + (n % 500)) / 100 } }],
  });
}

/**
 * Save targets leased one request at a time: autocannon clears a connection's context after each cycle of its
 * requests, so a target is taken for the request and handed back with its new version when the answer comes.
 * With more targets than connections, two saves never hold the same form at once.
 */
export function leasePool(targets: SaveTarget[]) {
  const free = [...targets];
  return {
    take(): SaveTarget {
      // Answers that never came (a dropped connection) do not hand their form back: reuse one rather than stop.
      return free.shift() ?? targets[Math.floor(Math.random() * targets.length)]!;
    },
    give(t: SaveTarget, status: number, body: string) {
      if (status === 200) t.version = JSON.parse(body).version;
      free.push(t);
    },
  };
}

/** The save request of a load run: PUT of a leased form with its current version, handed back on the answer. */
export function saveRequest(
  pool: ReturnType<typeof leasePool>,
  year: number,
  token: string,
): autocannon.Request {
  let n = 0;
  return {
    method: 'PUT',
    setupRequest: (req, context) => {
      const t = pool.take();
      (context as { t?: SaveTarget }).t = t;
      return {
        ...req,
        path: `/api/v1/laos/${t.lao}/years/${year}/datasets/waste-management`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: saveBody(t, n++),
      };
    },
    onResponse: (status, body, context) => {
      const t = (context as { t?: SaveTarget }).t;
      if (t) pool.give(t, status, body);
      if (status !== 200 && process.env.BENCH_DEBUG)
        process.stderr.write(`save ${status}: ${body.slice(0, 200)}\n`);
    },
  };
}
