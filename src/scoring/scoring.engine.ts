// The score engine: a pure fold over what the repository read in a constant number of queries. It never
// queries; the service hands it the registry, the latest change of every data set and the certification
// events, all as of one moment.
import type { DatasetDef } from '../catalog/catalog.schemas.ts';
import type { Catalog } from '../catalog/catalog.service.ts';
import { appliesTo } from '../catalog/validation.ts';
import {
  type Certification,
  certificationCounts,
  transition,
  uncertified,
} from '../certification/certification.state.ts';
import type { LaoType } from '../registry/registry.table.ts';
import { type Bilingual, bi } from '../util/errors.ts';
import { formatDateBE, formatDateTimeBE } from '../util/thai-date.ts';
import type { AspectCounts, CertEvent, DatasetState } from './scoring.repository.ts';
import type { Condition, RubricFile } from './scoring.schemas.ts';

export const reasonCodes = [
  'aspect_no_data',
  'dataset_empty',
  'dataset_incomplete',
  'dataset_invalid',
  'dataset_not_current',
  'aspect_not_lao_certified',
  'aspect_returned',
  'aspect_changed_after_certification',
  'aspect_not_province_certified',
] as const;
export type ReasonCode = (typeof reasonCodes)[number];

/** Why an LAO does not reach 5, as data; the message is made from it in the reader's language. */
export type Reason = {
  code: ReasonCode;
  aspect?: number;
  datasetId?: string;
  /** When the data set last changed, the aspect was returned or changed after certification. */
  at?: string;
  errors?: number;
  note?: string | null;
};

/** An aspect as of the moment: its data sets and its certification state after replaying the log. */
export type AspectState = {
  no: number;
  applicable: number;
  recorded: number;
  laoCertifiedAt: string | null;
  provinceCertifiedAt: string | null;
  changedAfterCertificationAt: string | null;
  returnedAt: string | null;
  /** The LAO's certification counts (certified, not changed since). */
  laoCounts: boolean;
  /** The province's certification counts (on top of a counting LAO certification). */
  provinceCounts: boolean;
};

export type ScoreResult = {
  laoCode: string;
  score: number;
  met: Condition[];
  /** The steps to reach 5 (data first, then certification); empty at 5. */
  reasons: Reason[];
  /** Whether `reasons` was worked out (only for the LAOs whose reasons were asked for). */
  detailed: boolean;
  aspects: AspectState[];
};

export type EngineInput = {
  rubric: RubricFile;
  catalog: Catalog;
  /** ISO UTC: the start of the period assessed. */
  periodStart: string;
  laos: readonly { code: string; type: LaoType }[];
  counts: readonly AspectCounts[];
  events: readonly CertEvent[];
  /** The state of each data set, for the LAOs whose reasons are wanted (every other LAO gets a score only). */
  details?: readonly DatasetState[] | undefined;
};

/** The data set ids of the rubric's aspects in the year's catalog, in catalog order. */
export function datasetIdsOf(rubric: RubricFile, catalog: Catalog): { all: string[]; restricted: string[] } {
  const ds = catalog.sections.filter((s) => rubric.aspects.includes(s.no)).flatMap((s) => s.datasets);
  return { all: ds.map((d) => d.id), restricted: ds.filter((d) => d.appliesTo !== 'all').map((d) => d.id) };
}

/** Which condition a reason stands in the way of: only reasons of conditions the rubric uses are listed. */
const reasonCondition: Record<ReasonCode, Condition> = {
  aspect_no_data: 'data_in_every_aspect',
  dataset_empty: 'all_complete',
  dataset_incomplete: 'all_complete',
  dataset_invalid: 'all_correct',
  dataset_not_current: 'all_current',
  aspect_not_lao_certified: 'lao_certified',
  aspect_returned: 'lao_certified',
  aspect_changed_after_certification: 'lao_certified',
  aspect_not_province_certified: 'province_certified',
};

/**
 * Replays one aspect's certification events in order with certification's own transition (ADR 0009): the moments
 * the score needs (LAO and province certification, the last edit after certification, a return with its reason)
 * and whether each certification counts.
 */
export function replayCertification(
  events: readonly Pick<CertEvent, 'level' | 'action' | 'at' | 'reason'>[],
) {
  let s: Certification = uncertified;
  for (const e of events) s = transition(s, e);
  const counts = certificationCounts(s);
  return {
    lao: s.lao_certified_at,
    province: s.province_certified_at,
    changedAt: s.changed_after_certification_at,
    returnedAt: s.returned_at,
    returnNote: s.return_reason,
    laoCounts: counts.lao,
    provinceCounts: counts.province,
  };
}

type Counts = { recorded: number; invalid: number; incomplete: number; stale: number };
const zero = (): Counts => ({ recorded: 0, invalid: 0, incomplete: 0, stale: 0 });
const isComplete = (status: string) => status === 'complete' || status === 'none';

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/**
 * Scores every LAO of the input in one pass over the counts and the certification log; the results are in
 * the order of `laos`. The reasons (the steps to reach 5) are worked out from `details` for the LAOs it holds.
 */
export function computeScores(input: EngineInput): ScoreResult[] {
  const { rubric, catalog, periodStart } = input;
  const aspects = [...rubric.aspects].sort((a, b) => a - b);
  const used = new Set(rubric.levels.flatMap((l) => l.requires));
  const certConfirms = rubric.current.confirmedBy.includes('lao_certification');
  const changeConfirms = rubric.current.confirmedBy.includes('change');

  // The data sets that apply, per LAO type (a handful of types: worked out once each).
  const byType = new Map<LaoType, { no: number; datasets: DatasetDef[]; restricted: Set<string> }[]>();
  const applicableFor = (type: LaoType) => {
    let a = byType.get(type);
    if (!a) {
      a = aspects.map((no) => {
        const datasets = (catalog.sections.find((s) => s.no === no)?.datasets ?? []).filter((d) =>
          appliesTo(d, type),
        );
        return {
          no,
          datasets,
          restricted: new Set(datasets.filter((d) => d.appliesTo !== 'all').map((d) => d.id)),
        };
      });
      byType.set(type, a);
    }
    return a;
  };
  // One pass over the counts and the events, into per-LAO arrays indexed by aspect number.
  const countsOf = new Map<string, { byAspect: (Counts | undefined)[]; restricted: AspectCounts[] }>();
  for (const c of input.counts) {
    let acc = countsOf.get(c.lao_code);
    if (!acc) {
      acc = { byAspect: [], restricted: [] };
      countsOf.set(c.lao_code, acc);
    }
    if (c.k !== '') {
      acc.restricted.push(c);
      continue;
    }
    const n = acc.byAspect[c.section_no] ?? zero();
    acc.byAspect[c.section_no] = n;
    n.recorded += c.recorded;
    n.invalid += c.invalid;
    n.incomplete += c.incomplete;
    n.stale += changeConfirms ? c.stale : c.recorded;
  }
  const eventsOf = new Map<string, CertEvent[][]>();
  for (const e of input.events) {
    let byAspect = eventsOf.get(e.lao_code);
    if (!byAspect) {
      byAspect = [];
      eventsOf.set(e.lao_code, byAspect);
    }
    const no = Number(e.section_no);
    const list = byAspect[no] ?? [];
    byAspect[no] = list;
    list.push(e);
  }
  const detailsOf = input.details ? groupBy(input.details, (d) => d.lao_code) : null;
  const none = replayCertification([]);

  return input.laos.map((lao) => {
    const counts = countsOf.get(lao.code);
    const own = eventsOf.get(lao.code);
    const detail = detailsOf ? new Map((detailsOf.get(lao.code) ?? []).map((d) => [d.dataset_id, d])) : null;
    const data: Reason[] = [];
    const cert: Reason[] = [];
    const states: AspectState[] = [];
    const holds: Record<Condition, boolean> = {
      some_data: false,
      data_in_every_aspect: true,
      all_complete: true,
      all_correct: true,
      all_current: true,
      lao_certified: true,
      province_certified: true,
    };
    for (const a of applicableFor(lao.type)) {
      const events = own?.[a.no];
      const c = events ? replayCertification(events) : none;
      // A counting LAO certification inside the period confirms the aspect's data when the rubric says so.
      const certCurrent = certConfirms && c.laoCounts && c.lao !== null && c.lao >= periodStart;
      const n = { ...(counts?.byAspect[a.no] ?? zero()) };
      for (const row of counts?.restricted ?? []) {
        if (row.section_no !== a.no || !a.restricted.has(row.k)) continue;
        n.recorded += row.recorded;
        n.invalid += row.invalid;
        n.incomplete += row.incomplete;
        n.stale += changeConfirms ? row.stale : row.recorded;
      }
      if (certCurrent) n.stale = 0;
      const applicable = a.datasets.length;
      if (n.recorded > 0) holds.some_data = true;
      if (n.recorded === 0 && applicable > 0) holds.data_in_every_aspect = false;
      if (n.recorded < applicable || n.incomplete > 0 || n.invalid > 0) holds.all_complete = false;
      if (n.invalid > 0) holds.all_correct = false;
      if (n.stale > 0) holds.all_current = false;
      if (!c.laoCounts) holds.lao_certified = false;
      if (!c.provinceCounts) holds.province_certified = false;
      if (detail) {
        if (n.recorded === 0 && applicable > 0) data.push({ code: 'aspect_no_data', aspect: a.no });
        for (const d of a.datasets) {
          const st = detail.get(d.id);
          if (!st || st.status === 'empty') {
            data.push({ code: 'dataset_empty', aspect: a.no, datasetId: d.id });
            continue;
          }
          if (st.err > 0)
            data.push({ code: 'dataset_invalid', aspect: a.no, datasetId: d.id, errors: st.err });
          else if (!isComplete(st.status))
            data.push({ code: 'dataset_incomplete', aspect: a.no, datasetId: d.id });
          const current = certCurrent || (changeConfirms && st.at >= periodStart);
          if (!current) data.push({ code: 'dataset_not_current', aspect: a.no, datasetId: d.id, at: st.at });
        }
        if (!c.laoCounts) {
          if (c.changedAt)
            cert.push({ code: 'aspect_changed_after_certification', aspect: a.no, at: c.changedAt });
          else if (c.returnedAt)
            cert.push({ code: 'aspect_returned', aspect: a.no, at: c.returnedAt, note: c.returnNote });
          else cert.push({ code: 'aspect_not_lao_certified', aspect: a.no });
        } else if (!c.provinceCounts) cert.push({ code: 'aspect_not_province_certified', aspect: a.no });
      }
      states.push({
        no: a.no,
        applicable,
        recorded: n.recorded,
        laoCertifiedAt: c.lao,
        provinceCertifiedAt: c.province,
        changedAfterCertificationAt: c.changedAt,
        returnedAt: c.returnedAt,
        laoCounts: c.laoCounts,
        provinceCounts: c.provinceCounts,
      });
    }
    let score = 0;
    for (const level of rubric.levels) {
      if (level.requires.every((x) => holds[x])) score = level.score;
      else break;
    }
    return {
      laoCode: lao.code,
      score,
      met: (Object.keys(holds) as Condition[]).filter((x) => holds[x] && used.has(x)),
      reasons: [...data, ...cert].filter((r) => used.has(reasonCondition[r.code])),
      detailed: detail !== null,
      aspects: states,
    };
  });
}

/** The distribution of scores: { "0": n, …, "5": n }. */
export function distributionOf(scores: readonly { score: number }[]): Record<string, number> {
  const d: Record<string, number> = { '0': 0, '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const s of scores) d[String(s.score)] = (d[String(s.score)] ?? 0) + 1;
  return d;
}

/** A reason in Thai and English: what is wrong and what to do, naming the aspect and data set. */
export function describeReason(r: Reason, catalog: Catalog, periodStart: string): Bilingual {
  const section = r.aspect !== undefined ? catalog.sections.find((s) => s.no === r.aspect) : undefined;
  const aspectTh = `ด้านที่ ${r.aspect} ${section?.nameTh ?? ''}`.trim();
  const aspectEn = `Aspect ${r.aspect} ${section?.nameEn ?? ''}`.trim();
  const d = r.datasetId ? catalog.dataset(r.datasetId) : undefined;
  const dsTh = `${aspectTh} · ${d?.nameTh ?? r.datasetId}`;
  const dsEn = `${aspectEn} · ${d?.nameEn ?? r.datasetId}`;
  const when = r.at ? formatDateTimeBE(r.at) : '';
  switch (r.code) {
    case 'aspect_no_data':
      return bi(`${aspectTh}: ยังไม่ได้บันทึกข้อมูลชุดใดเลย`, `${aspectEn}: no data set recorded yet`);
    case 'dataset_empty':
      return bi(
        `${dsTh}: ยังไม่ได้บันทึก — บันทึกข้อมูล หรือระบุว่าไม่มีข้อมูลนี้ในพื้นที่`,
        `${dsEn}: not recorded — record it, or say there is none in your area`,
      );
    case 'dataset_incomplete':
      return bi(
        `${dsTh}: บันทึกไม่ครบ — กรอกช่องที่ต้องกรอกให้ครบ`,
        `${dsEn}: incomplete — fill in every required field`,
      );
    case 'dataset_invalid':
      return bi(
        `${dsTh}: ไม่ผ่านการตรวจสอบ ${r.errors ?? ''} รายการ — แก้ไขให้ถูกต้อง`,
        `${dsEn}: fails ${r.errors ?? ''} validation check(s) — correct it`,
      );
    case 'dataset_not_current':
      return bi(
        `${dsTh}: แก้ไขล่าสุดเมื่อ ${when} ก่อนช่วงการประเมิน (ตั้งแต่ ${formatDateBE(periodStart)}) — ตรวจสอบและยืนยันข้อมูลอีกครั้ง`,
        `${dsEn}: last changed ${when}, before the period assessed (from ${formatDateBE(periodStart)}) — check and confirm it again`,
      );
    case 'aspect_not_lao_certified':
      return bi(`${aspectTh}: ผู้รับรองข้อมูล อปท. ยังไม่ได้รับรองข้อมูล`, `${aspectEn}: not yet certified by the LAO`);
    case 'aspect_returned':
      return bi(
        `${aspectTh}: สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดส่งคืนเมื่อ ${when}${r.note ? ` เหตุผล: ${r.note}` : ''} — แก้ไขแล้วรับรองอีกครั้ง`,
        `${aspectEn}: returned by the province on ${when}${r.note ? ` (reason: ${r.note})` : ''} — fix it and certify again`,
      );
    case 'aspect_changed_after_certification':
      return bi(
        `${aspectTh}: ข้อมูลถูกแก้ไขหลังการรับรองเมื่อ ${when} — ผู้รับรองข้อมูล อปท. ต้องรับรองอีกครั้ง`,
        `${aspectEn}: changed after certification on ${when} — the LAO must certify it again`,
      );
    case 'aspect_not_province_certified':
      return bi(
        `${aspectTh}: สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดยังไม่ได้รับรอง`,
        `${aspectEn}: not yet certified by the province`,
      );
  }
}
