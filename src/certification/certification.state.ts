// THE one place an aspect's certification state is derived: the status search, the API, the dashboards, the
// certification page and the national chart all read it from here. The score engine replays the same events.
import type { Lang } from '../plugins/i18n.ts';
import type { AspectStatusTable, CertificationAction } from './certification.table.ts';

export const aspectStates = [
  'not_started',
  'in_progress',
  'complete',
  'lao_certified',
  'province_certified',
  'returned',
  'changed_after_certification',
] as const;

/** What the status API and every page show for one (LAO, fiscal year, aspect). */
export type AspectState = (typeof aspectStates)[number];

/** The columns of aspect_status the state depends on. */
export type AspectStatusLike = Pick<
  AspectStatusTable,
  | 'data_state'
  | 'lao_certified_at'
  | 'province_certified_at'
  | 'returned_at'
  | 'changed_after_certification_at'
>;

/**
 * The state of an aspect from its aspect_status row (none: nothing saved yet). A certification that data
 * changed under stops counting (changed_after_certification) until the LAO certifies again; a province
 * certification only stands on a standing LAO certification; a return clears both and says so until the LAO
 * certifies again; otherwise the state of the data.
 */
export function aspectState(row: AspectStatusLike | null | undefined): AspectState {
  if (!row) return 'not_started';
  if (row.lao_certified_at) {
    if (row.changed_after_certification_at) return 'changed_after_certification';
    return row.province_certified_at ? 'province_certified' : 'lao_certified';
  }
  if (row.returned_at) return 'returned';
  return row.data_state;
}

/** Whether an aspect in this state counts as certified by the LAO (and, for 'province', by the province too). */
export const countsAsCertified = (s: AspectState, level: 'lao' | 'province') =>
  level === 'lao' ? s === 'lao_certified' || s === 'province_certified' : s === 'province_certified';

/** The certification columns of aspect_status: what a certification action changes, and nothing else does. */
export type Certification = Pick<
  AspectStatusTable,
  | 'lao_certified_at'
  | 'lao_certified_by'
  | 'province_certified_at'
  | 'province_certified_by'
  | 'returned_at'
  | 'return_reason'
  | 'changed_after_certification_at'
>;

/** An aspect nobody has certified. */
export const uncertified: Certification = Object.freeze({
  lao_certified_at: null,
  lao_certified_by: null,
  province_certified_at: null,
  province_certified_by: null,
  returned_at: null,
  return_reason: null,
  changed_after_certification_at: null,
});

/** One certification_event as the transition reads it. */
export type CertificationStep = {
  level: 'lao' | 'province';
  action: CertificationAction;
  at: string;
  by?: string | null;
  reason?: string | null;
};

/**
 * THE certification transition, used by the service as it acts, by the replays (the score as of a moment, the
 * progress chart) and by the nationwide seeder: an LAO certification certifies and clears "returned" and
 * "changed after certification" (the province must certify again); a province certification stands only on a
 * standing LAO certification; a withdrawal clears both; a return clears both and keeps the moment and reason;
 * an edit after certification stops both counting until the LAO certifies again. The service refuses the
 * actions a state does not allow before it asks; a replay meets only what the service let through.
 */
export function transition(s: Certification, e: CertificationStep): Certification {
  switch (e.action) {
    case 'certify':
      if (e.level === 'lao')
        return { ...uncertified, lao_certified_at: e.at, lao_certified_by: e.by ?? null };
      return s.lao_certified_at && !s.changed_after_certification_at
        ? { ...s, province_certified_at: e.at, province_certified_by: e.by ?? null }
        : s;
    case 'withdraw':
      return uncertified;
    case 'return':
      return { ...uncertified, returned_at: e.at, return_reason: e.reason ?? null };
    case 'edit_after_certification':
      return s.lao_certified_at || s.province_certified_at
        ? { ...s, changed_after_certification_at: e.at }
        : s;
  }
}

/** Whether the LAO's and the province's certifications count in this state. */
export function certificationCounts(s: Certification) {
  const lao = Boolean(s.lao_certified_at) && !s.changed_after_certification_at;
  return { lao, province: lao && Boolean(s.province_certified_at) };
}

const labels: Record<AspectState, { th: string; en: string }> = {
  not_started: { th: 'ยังไม่บันทึก', en: 'Not started' },
  in_progress: { th: 'กำลังบันทึก', en: 'In progress' },
  complete: { th: 'บันทึกครบ รอรับรอง', en: 'Complete, not certified' },
  lao_certified: { th: 'อปท. รับรองแล้ว', en: 'Certified by the LAO' },
  province_certified: { th: 'จังหวัดรับรองแล้ว', en: 'Certified by the province' },
  returned: { th: 'จังหวัดส่งคืน', en: 'Returned by the province' },
  changed_after_certification: { th: 'แก้ไขหลังรับรอง', en: 'Changed after certification' },
};

/** A state's name in Thai or English. */
export const stateLabel = (s: AspectState, lang: Lang) => labels[s][lang];

/** The colour of a state's tag (GOV.UK tag colours). */
export const stateTagColour = (s: AspectState) =>
  (
    ({
      not_started: 'grey',
      in_progress: 'yellow',
      complete: 'blue',
      lao_certified: 'green',
      province_certified: 'turquoise',
      returned: 'red',
      changed_after_certification: 'orange',
    }) as const
  )[s];
