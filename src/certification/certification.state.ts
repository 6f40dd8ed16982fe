// THE one place an aspect's certification state is derived: the status search, the API, the dashboards, the
// certification page and the national chart all read it from here. The score engine replays the same events.
import type { Lang } from '../plugins/i18n.ts';
import type { AspectStatusTable, CertificationAction, DataState } from '../records/records.table.ts';

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

/** The certification side of an aspect while replaying its log (the score engine and the national chart). */
export type CertReplay = { lao: boolean; province: boolean; returned: boolean; changed: boolean };

export const initialReplay: CertReplay = { lao: false, province: false, returned: false, changed: false };

/**
 * Applies one certification_event to the replayed state, with the same meaning the service gives it:
 * LAO certify → LAO-certified (clears changed-after and returned); province certify → province-certified
 * (only on a standing LAO certification); withdraw → neither; return → neither, returned;
 * edit_after_certification → the certifications stop counting until the LAO certifies again.
 */
export function applyEvent(
  s: CertReplay,
  e: { level: 'lao' | 'province'; action: CertificationAction },
): CertReplay {
  switch (e.action) {
    case 'certify':
      if (e.level === 'lao') return { lao: true, province: false, returned: false, changed: false };
      return s.lao && !s.changed ? { ...s, province: true } : s;
    case 'withdraw':
      return { lao: false, province: false, returned: false, changed: false };
    case 'return':
      return { lao: false, province: false, returned: true, changed: false };
    case 'edit_after_certification':
      return s.lao || s.province ? { ...s, changed: true } : s;
  }
}

/** The state a replayed certification gives, over the data state at that moment. */
export function replayState(s: CertReplay, data: DataState): AspectState {
  return aspectState({
    data_state: data,
    lao_certified_at: s.lao ? 'x' : null,
    province_certified_at: s.province ? 'x' : null,
    returned_at: s.returned ? 'x' : null,
    changed_after_certification_at: s.changed ? 'x' : null,
  });
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

/** The govuk-tag colour of a state. */
export const stateTagClass = (s: AspectState) =>
  ({
    not_started: 'govuk-tag--grey',
    in_progress: 'govuk-tag--yellow',
    complete: 'govuk-tag--blue',
    lao_certified: 'govuk-tag--green',
    province_certified: 'govuk-tag--turquoise',
    returned: 'govuk-tag--red',
    changed_after_certification: 'govuk-tag--orange',
  })[s];
