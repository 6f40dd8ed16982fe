import type { Lang } from '../plugins/i18n.ts';
import { translator } from '../plugins/i18n.ts';
import type { ViewFieldError } from '../views/components.tsx';
import type { AssignmentInput, Assignments } from './assignments.service.ts';
import { beToIso, isoToBE } from './due-dates.ts';
import { sectionTitle } from './section-names.ts';

/** One row of the assignments form: a section, or one data set of it (an override). */
export type FormRow = { prefix: string; sectionNo: number; datasetId: string | null; label: string };

/** The form's rows in page order; each field is named `<prefix>-division`, `-responsible`, `-due`. */
export function formRows(data: Assignments, lang: Lang): FormRow[] {
  return data.sections.flatMap((s) => [
    { prefix: `s${s.no}`, sectionNo: s.no, datasetId: null, label: sectionTitle(s, lang) },
    ...s.datasets.map((d) => ({
      prefix: `d-${d.id}`,
      sectionNo: s.no,
      datasetId: d.id,
      label: `${sectionTitle(s, lang)} · ${lang === 'en' ? d.nameEn : d.nameTh}`,
    })),
  ]);
}

/** The form's values from what is stored: a section shows its division (the default one while unassigned). */
export function formValues(data: Assignments): Record<string, string> {
  const v: Record<string, string> = {};
  const put = (
    prefix: string,
    a: { divisionId: string | null; responsibleUsername: string | null; dueDate: string | null },
  ) => {
    v[`${prefix}-division`] = a.divisionId ?? '';
    v[`${prefix}-responsible`] = a.responsibleUsername ?? '';
    v[`${prefix}-due`] = a.dueDate ? isoToBE(a.dueDate) : '';
  };
  for (const s of data.sections) {
    put(`s${s.no}`, s);
    for (const d of s.datasets) if (d.override) put(`d-${d.id}`, d);
  }
  return v;
}

/**
 * Reads the posted form into the list the service saves. A row without a division is not assigned (a data
 * set then follows its section); a date must be typed dd/mm/yyyy in the Buddhist era.
 */
export function parseAssignmentsForm(rows: FormRow[], body: Record<string, unknown>, lang: Lang) {
  const t = translator(lang);
  const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
  const values: Record<string, string> = {};
  const items: AssignmentInput[] = [];
  const itemRows: FormRow[] = [];
  const errors: ViewFieldError[] = [];
  for (const r of rows) {
    const division = text(`${r.prefix}-division`);
    const responsible = text(`${r.prefix}-responsible`);
    const due = text(`${r.prefix}-due`);
    values[`${r.prefix}-division`] = division;
    values[`${r.prefix}-responsible`] = responsible;
    values[`${r.prefix}-due`] = due;
    let dueIso: string | null = null;
    if (due) {
      dueIso = beToIso(due);
      if (!dueIso) {
        errors.push({
          field: `${r.prefix}-due`,
          message: t(
            `กรอกกำหนดแล้วเสร็จของ${r.label} เป็นวันที่ วว/ดด/ปปปป (พ.ศ.) เช่น 15/05/2569`,
            `Enter the due date of ${r.label} as dd/mm/yyyy in the Buddhist era, e.g. 15/05/2569`,
          ),
        });
      }
    }
    if (!division) {
      if (responsible || due) {
        errors.push({
          field: `${r.prefix}-division`,
          message: t(
            `เลือกหน่วยงานที่รับผิดชอบ${r.label} ก่อนกำหนดผู้รับผิดชอบหรือวันที่`,
            `Choose the division responsible for ${r.label} before a person or a date`,
          ),
        });
      }
      continue;
    }
    items.push({
      sectionNo: r.sectionNo,
      datasetId: r.datasetId,
      divisionId: division,
      responsibleUsername: responsible || null,
      dueDate: dueIso,
    });
    itemRows.push(r);
  }
  return { items, itemRows, values, errors };
}

const fieldSuffix: Record<string, string> = {
  sectionNo: 'division',
  datasetId: 'division',
  divisionId: 'division',
  responsibleUsername: 'responsible',
  dueDate: 'due',
};

/** Points the service's errors (`assignments.3.dueDate`) at the form's fields (`s4-due`). */
export function formErrors(errors: ViewFieldError[], itemRows: FormRow[]): ViewFieldError[] {
  return errors.map((e) => {
    const m = /^assignments\.(\d+)\.(\w+)$/.exec(e.field);
    const row = m ? itemRows[Number(m[1])] : undefined;
    return row ? { ...e, field: `${row.prefix}-${fieldSuffix[m![2]!] ?? 'division'}` } : e;
  });
}
