/** A section's short name as people say it: ด้านที่ 4, รายงานหนี้, ข้อมูลทั่วไป (the catalog numbers 0–9). */
export function sectionShortName(no: number, lang: 'th' | 'en' = 'th'): string {
  if (no === 0) return lang === 'en' ? 'General profile' : 'ข้อมูลทั่วไป';
  if (no === 9) return lang === 'en' ? 'Debt report' : 'รายงานหนี้';
  return lang === 'en' ? `Aspect ${no}` : `ด้านที่ ${no}`;
}

/** The order sections are listed in for assignments and the memo: the 8 aspects, the debt report, the profile. */
export const memoOrder = (a: { no: number }, b: { no: number }) =>
  (a.no === 0 ? 100 : a.no) - (b.no === 0 ? 100 : b.no);

/** A section's full title: ด้านที่ 1 สาธารณสุขและสิ่งแวดล้อม, or the report's and the profile's own name. */
export function sectionTitle(
  s: { no: number; nameTh: string; nameEn: string },
  lang: 'th' | 'en' = 'th',
): string {
  const name = lang === 'en' ? s.nameEn : s.nameTh;
  return s.no >= 1 && s.no <= 8 ? `${sectionShortName(s.no, lang)} ${name}` : name;
}
