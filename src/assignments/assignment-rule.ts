/** An assignment row as stored (the fields the rule reads). */
export type AssignmentRow = {
  section_no: number;
  dataset_id: string;
  division_id: string;
  responsible_user_id: string | null;
  due_date: string | null;
};

export type ResolvedAssignment = {
  /** The division that records the data set, or null when nobody does yet. */
  divisionId: string | null;
  responsibleUserId: string | null;
  /** yyyy-mm-dd (CE): the data set's own due date, else its section's. */
  dueDate: string | null;
  /** Where the division comes from. */
  source: 'dataset' | 'section' | 'default' | 'none';
  dueSource: 'dataset' | 'section' | null;
};

/**
 * The one rule of who records a data set: its own assignment, else its section's, else (nothing assigned)
 * the division whose name is the section's default in the catalog, as in the seed memo.
 */
export function resolveAssignment(
  assignments: readonly AssignmentRow[],
  divisions: readonly { id: string; name_th: string }[],
  section: { no: number; defaultDivisionTh: string },
  datasetId: string,
): ResolvedAssignment {
  const own = assignments.find(
    (a) => a.section_no === section.no && a.dataset_id === datasetId && datasetId !== '',
  );
  const whole = assignments.find((a) => a.section_no === section.no && a.dataset_id === '');
  const dueDate = own?.due_date ?? whole?.due_date ?? null;
  const dueSource = own?.due_date ? 'dataset' : whole?.due_date ? 'section' : null;
  const chosen = own ?? whole;
  if (chosen) {
    return {
      divisionId: chosen.division_id,
      responsibleUserId: chosen.responsible_user_id,
      dueDate,
      source: own ? 'dataset' : 'section',
      dueSource,
    };
  }
  const byName = divisions.find((d) => d.name_th === section.defaultDivisionTh);
  return {
    divisionId: byName?.id ?? null,
    responsibleUserId: null,
    dueDate: null,
    source: byName ? 'default' : 'none',
    dueSource: null,
  };
}
