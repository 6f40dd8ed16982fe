import { z } from 'zod';
import { laoTypeSchema } from '../registry/registry.schemas.ts';
import { msg, qYear } from '../util/validation.ts';

/** Kebab-case identifier of a data set, a section key or a rule: `waste-management`. */
export const kebabIdPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** camelCase key of a field inside its data set: `generatedTonsPerDay`. */
export const fieldKeyPattern = /^[a-z][a-zA-Z0-9]*$/;
/** snake_case value of an enum option: `sanitary_landfill`. */
export const optionValuePattern = /^[a-z0-9]+(_[a-z0-9]+)*$/;

const nonEmpty = z.string().min(1, { error: 'ต้องไม่เป็นค่าว่าง (must not be empty)' });
const nullableText = nonEmpty.nullable();
const kebabId = z.string().regex(kebabIdPattern, {
  error: 'รหัสต้องเป็นตัวพิมพ์เล็ก a-z 0-9 คั่นด้วย - (kebab-case id expected)',
});
const fieldKey = z.string().regex(fieldKeyPattern, {
  error: 'ชื่อฟิลด์ต้องเป็น camelCase (camelCase field key expected)',
});

/** The value types a catalog field can take (attachments are out of scope). */
export const fieldTypeSchema = z.enum([
  'integer',
  'decimal',
  'text',
  'enum',
  'multi_enum',
  'boolean',
  'date',
  'geo',
]);
export type FieldType = z.infer<typeof fieldTypeSchema>;

/** The LAO types a data set can be limited to: the registry's own list. */
export { laoTypeSchema };
export type CatalogLaoType = z.infer<typeof laoTypeSchema>;

/** Provenance tag of a definition: C confirmed, C~ confirmed for a related DLA set, B product brief, I inferred. */
export const sourceTagSchema = z.enum(['C', 'C~', 'B', 'I']);
export type SourceTag = z.infer<typeof sourceTagSchema>;

/** One choice of an enum or multi_enum field. */
export const optionDefSchema = z.strictObject({
  value: z.string().regex(optionValuePattern, {
    error: 'ค่าตัวเลือกต้องเป็น snake_case (snake_case option value expected)',
  }),
  labelTh: nonEmpty,
  labelEn: nonEmpty,
});
export type OptionDef = z.infer<typeof optionDefSchema>;

const numericTypes: ReadonlySet<FieldType> = new Set(['integer', 'decimal']);
const optionTypes: ReadonlySet<FieldType> = new Set(['enum', 'multi_enum']);

/** One field of a data set; every key is present, `null` / `[]` where it does not apply. */
export const fieldDefSchema = z
  .strictObject({
    key: fieldKey,
    labelTh: nonEmpty,
    labelEn: nonEmpty,
    type: fieldTypeSchema,
    unit: nullableText,
    unitEn: nullableText,
    required: z.boolean(),
    min: z.number().nullable(),
    max: z.number().nullable(),
    decimals: z.number().int().min(0).max(6).nullable(),
    pattern: nullableText,
    maxLength: z.number().int().positive().nullable(),
    options: z.array(optionDefSchema),
    helpTh: nullableText,
    helpEn: nullableText,
  })
  .superRefine((f, ctx) => {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const numeric = numericTypes.has(f.type);

    if (optionTypes.has(f.type)) {
      if (f.options.length < 2) {
        issue(['options'], `ฟิลด์ ${f.key} ชนิด ${f.type} ต้องมีตัวเลือกอย่างน้อย 2 รายการ (needs >= 2 options)`);
      }
      const seen = new Set<string>();
      f.options.forEach((o, i) => {
        if (seen.has(o.value))
          issue(['options', i, 'value'], `ค่าตัวเลือกซ้ำ: ${o.value} (duplicate option value)`);
        seen.add(o.value);
      });
    } else if (f.options.length > 0) {
      issue(['options'], `ฟิลด์ ${f.key} ชนิด ${f.type} ต้องไม่มีตัวเลือก (only enum types take options)`);
    }

    if (!numeric) {
      if (f.min !== null) issue(['min'], `min ใช้ได้เฉพาะฟิลด์ตัวเลข (min only on integer/decimal)`);
      if (f.max !== null) issue(['max'], `max ใช้ได้เฉพาะฟิลด์ตัวเลข (max only on integer/decimal)`);
      if (f.unit !== null) issue(['unit'], `หน่วยใช้ได้เฉพาะฟิลด์ตัวเลข (unit only on integer/decimal)`);
    }
    if (f.type === 'integer') {
      if (f.min !== null && !Number.isInteger(f.min)) issue(['min'], 'min ของจำนวนเต็มต้องเป็นจำนวนเต็ม');
      if (f.max !== null && !Number.isInteger(f.max)) issue(['max'], 'max ของจำนวนเต็มต้องเป็นจำนวนเต็ม');
    }
    if (f.min !== null && f.max !== null && f.min > f.max) {
      issue(['max'], `ค่าสูงสุดต้องไม่น้อยกว่าค่าต่ำสุด (min ${f.min} > max ${f.max})`);
    }
    if (f.decimals !== null && f.type !== 'decimal') {
      issue(['decimals'], `ทศนิยมใช้ได้เฉพาะฟิลด์ decimal (decimals only on decimal)`);
    }
    if (f.type !== 'text') {
      if (f.pattern !== null) issue(['pattern'], 'pattern ใช้ได้เฉพาะฟิลด์ข้อความ (pattern only on text)');
      if (f.maxLength !== null) issue(['maxLength'], 'maxLength ใช้ได้เฉพาะฟิลด์ข้อความ (maxLength only on text)');
    }
    if (f.pattern !== null) {
      try {
        new RegExp(f.pattern, 'u');
      } catch {
        issue(['pattern'], `รูปแบบ (regex) ไม่ถูกต้อง: ${f.pattern} (invalid regular expression)`);
      }
    }
    if ((f.unit === null) !== (f.unitEn === null)) {
      issue(['unitEn'], 'ต้องระบุหน่วยทั้งภาษาไทยและภาษาอังกฤษ หรือไม่ระบุทั้งคู่ (unit and unitEn go together)');
    }
    if ((f.helpTh === null) !== (f.helpEn === null)) {
      issue(['helpEn'], 'ต้องระบุคำอธิบายทั้งภาษาไทยและภาษาอังกฤษ หรือไม่ระบุทั้งคู่ (helpTh and helpEn go together)');
    }
  });
export type FieldDef = z.infer<typeof fieldDefSchema>;

/** The closed set of checks a rule can make; comparisons are skipped while either side is empty. */
export const ruleCheckSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.enum(['lte', 'lt', 'gte', 'gt', 'eq']), left: fieldKey, right: fieldKey }),
  z.strictObject({ op: z.enum(['sum_lte', 'sum_eq']), fields: z.array(fieldKey).min(2), right: fieldKey }),
  z.strictObject({
    op: z.literal('required_if'),
    field: fieldKey,
    when: fieldKey,
    equals: z.union([z.string(), z.number(), z.boolean()]),
  }),
  // Plausibility (warnings only except `range`): a believable range, and checks against what the LAO is.
  z.strictObject({
    op: z.literal('range'),
    field: fieldKey,
    min: z.number().nullable(),
    max: z.number().nullable(),
  }),
  z.strictObject({ op: z.literal('after_founding'), field: fieldKey }),
  z.strictObject({ op: z.literal('within_lao_area'), field: fieldKey }),
  z.strictObject({ op: z.literal('inside_district'), field: fieldKey }),
  z.strictObject({ op: z.literal('per_population'), field: fieldKey, max: z.number().positive() }),
  z.strictObject({
    op: z.literal('year_change'),
    field: fieldKey,
    percent: z.number().positive().max(10_000),
  }),
]);
export type RuleCheck = z.infer<typeof ruleCheckSchema>;

/** A validation rule of a data set: "error" blocks saving/certifying, "warning" asks for an explanation. */
export const ruleDefSchema = z.strictObject({
  id: kebabId,
  severity: z.enum(['error', 'warning']),
  check: ruleCheckSchema,
  messageTh: nonEmpty,
  messageEn: nonEmpty,
});
export type RuleDef = z.infer<typeof ruleDefSchema>;

/** Rule checks that read one field and what the LAO is (context), or last year: only ever warnings. */
export const contextOps: ReadonlySet<RuleCheck['op']> = new Set([
  'after_founding',
  'within_lao_area',
  'inside_district',
  'per_population',
  'year_change',
]);

/** Units of an area field the LAO's own area (km²) can be compared with, as km² per unit. */
export const areaUnitsKm2: Readonly<Record<string, number>> = { 'ตร.กม.': 1, ไร่: 0.0016, 'ตร.ม.': 0.000001 };

/** What field a one-field plausibility rule needs, or null when it fits. */
function singleFieldProblem(c: RuleCheck, f: FieldDef): string | null {
  switch (c.op) {
    case 'range':
      if (!numericTypes.has(f.type)) return `range ใช้ได้เฉพาะฟิลด์ตัวเลข (${f.key} is ${f.type})`;
      if (c.min === null && c.max === null) return 'range ต้องมี min หรือ max (min or max needed)';
      if (c.min !== null && c.max !== null && c.min > c.max) return `min ${c.min} > max ${c.max}`;
      return null;
    case 'after_founding':
      return f.type === 'integer' || f.type === 'date'
        ? null
        : `after_founding ใช้ได้กับปี พ.ศ. (integer) หรือวันที่ (${f.key} is ${f.type})`;
    case 'within_lao_area':
      return numericTypes.has(f.type) && f.unit !== null && f.unit in areaUnitsKm2
        ? null
        : `within_lao_area ใช้ได้กับฟิลด์พื้นที่หน่วย ${Object.keys(areaUnitsKm2).join(', ')} (${f.key})`;
    case 'inside_district':
      return f.type === 'geo' ? null : `inside_district ใช้ได้เฉพาะฟิลด์พิกัด (${f.key} is ${f.type})`;
    case 'per_population':
    case 'year_change':
      return numericTypes.has(f.type) ? null : `${c.op} ใช้ได้เฉพาะฟิลด์ตัวเลข (${f.key} is ${f.type})`;
    default:
      return null;
  }
}

/** Field types a comparison rule accepts, grouped so both sides must be in the same group. */
function comparableGroup(type: FieldType): 'number' | 'date' | null {
  if (numericTypes.has(type)) return 'number';
  if (type === 'date') return 'date';
  return null;
}

/** Whether `equals` of a required_if rule is a value the `when` field can hold. */
function equalsFits(when: FieldDef, equals: string | number | boolean): boolean {
  switch (when.type) {
    case 'boolean':
      return typeof equals === 'boolean';
    case 'enum':
      return typeof equals === 'string' && when.options.some((o) => o.value === equals);
    case 'integer':
    case 'decimal':
      return typeof equals === 'number';
    case 'text':
      return typeof equals === 'string';
    default:
      return false;
  }
}

/** One data set: a form (one record per LAO per year) or a list (rows), with its fields and rules. */
export const datasetDefSchema = z
  .strictObject({
    id: kebabId,
    nameTh: nonEmpty,
    nameEn: nonEmpty,
    kind: z.enum(['form', 'list']),
    appliesTo: z.union([z.literal('all'), z.array(laoTypeSchema).min(1)]),
    source: sourceTagSchema,
    descriptionTh: nonEmpty,
    descriptionEn: nonEmpty,
    fields: z.array(fieldDefSchema).min(1, { error: 'ชุดข้อมูลต้องมีอย่างน้อย 1 ฟิลด์ (at least one field)' }),
    rules: z.array(ruleDefSchema),
  })
  .superRefine((d, ctx) => {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });

    if (Array.isArray(d.appliesTo) && new Set(d.appliesTo).size !== d.appliesTo.length) {
      issue(['appliesTo'], 'ประเภท อปท. ซ้ำ (duplicate LAO type in appliesTo)');
    }

    const byKey = new Map<string, FieldDef>();
    d.fields.forEach((f, i) => {
      if (byKey.has(f.key)) issue(['fields', i, 'key'], `ชื่อฟิลด์ซ้ำ: ${f.key} (duplicate field key)`);
      else byKey.set(f.key, f);
    });

    const ruleIds = new Set<string>();
    d.rules.forEach((r, i) => {
      const at = (...rest: PropertyKey[]) => ['rules', i, 'check', ...rest];
      if (ruleIds.has(r.id)) issue(['rules', i, 'id'], `รหัสกฎซ้ำ: ${r.id} (duplicate rule id)`);
      ruleIds.add(r.id);

      /** The field a rule names, or an issue when the data set has no such field. */
      const ref = (key: string, path: PropertyKey[]): FieldDef | undefined => {
        const f = byKey.get(key);
        if (!f) issue(path, `กฎ ${r.id} อ้างถึงฟิลด์ที่ไม่มีอยู่: ${key} (unknown field)`);
        return f;
      };

      const c = r.check;
      if (contextOps.has(c.op) && r.severity !== 'warning') {
        issue(['rules', i, 'severity'], `กฎ ${r.id}: ${c.op} เป็นได้เฉพาะ warning (warning only)`);
      }
      if (c.op !== 'required_if' && 'field' in c) {
        const field = ref(c.field, at('field'));
        const problem = field ? singleFieldProblem(c, field) : null;
        if (problem) issue(at(), `กฎ ${r.id}: ${problem}`);
      } else if (c.op === 'required_if') {
        const field = ref(c.field, at('field'));
        const when = ref(c.when, at('when'));
        if (c.field === c.when) issue(at('when'), `กฎ ${r.id}: field และ when ต้องเป็นคนละฟิลด์`);
        if (field?.required)
          issue(at('field'), `กฎ ${r.id}: ฟิลด์ ${field.key} บังคับกรอกอยู่แล้ว (already required)`);
        if (when && !equalsFits(when, c.equals)) {
          issue(at('equals'), `กฎ ${r.id}: ค่า ${JSON.stringify(c.equals)} ใช้กับฟิลด์ ${when.key} ไม่ได้`);
        }
      } else if ('fields' in c) {
        const parts = c.fields.map((k, j) => ref(k, at('fields', j)));
        const right = ref(c.right, at('right'));
        if (new Set(c.fields).size !== c.fields.length) issue(at('fields'), `กฎ ${r.id}: ฟิลด์ซ้ำในผลรวม`);
        if (c.fields.includes(c.right)) issue(at('right'), `กฎ ${r.id}: right ต้องไม่อยู่ในผลรวม`);
        for (const f of [...parts, right]) {
          if (f && !numericTypes.has(f.type)) {
            issue(at(), `กฎ ${r.id}: ผลรวมใช้ได้เฉพาะฟิลด์ตัวเลข (${f.key} is ${f.type})`);
          }
        }
      } else {
        const left = ref(c.left, at('left'));
        const right = ref(c.right, at('right'));
        if (c.left === c.right) issue(at('right'), `กฎ ${r.id}: left และ right ต้องเป็นคนละฟิลด์`);
        if (left && right) {
          const g = comparableGroup(left.type);
          if (g === null || g !== comparableGroup(right.type)) {
            issue(at(), `กฎ ${r.id}: เปรียบเทียบ ${left.type} กับ ${right.type} ไม่ได้ (numbers or dates only)`);
          }
        }
      }
    });
  });
export type DatasetDef = z.infer<typeof datasetDefSchema>;

/** A section: the profile (no 0), one of the 8 aspects (no 1–8, key aspect-N) or a report (no 9). */
export const sectionDefSchema = z
  .strictObject({
    no: z.number().int().min(0).max(9),
    key: kebabId,
    kind: z.enum(['profile', 'aspect', 'report']),
    nameTh: nonEmpty,
    nameEn: nonEmpty,
    defaultDivisionTh: nonEmpty,
    defaultDivisionEn: nonEmpty,
    /** Other names the section is known by (the seed's, the indicator's): the catalog search finds them. */
    aliasesTh: z.array(z.string().trim().min(1).max(200)).max(10).optional(),
  })
  .superRefine((s, ctx) => {
    const expected = s.no === 0 ? 'profile' : s.no <= 8 ? 'aspect' : 'report';
    if (s.kind !== expected) {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: `หมวดที่ ${s.no} ต้องเป็นชนิด ${expected}` });
    }
    if (s.kind === 'aspect' && s.key !== `aspect-${s.no}`) {
      ctx.addIssue({ code: 'custom', path: ['key'], message: `ด้านที่ ${s.no} ต้องมี key เป็น aspect-${s.no}` });
    }
    if (s.kind === 'profile' && s.key !== 'profile') {
      ctx.addIssue({ code: 'custom', path: ['key'], message: 'หมวดข้อมูลทั่วไปต้องมี key เป็น profile' });
    }
  });
export type SectionDef = z.infer<typeof sectionDefSchema>;

/** One catalog file: a section and its data sets (format version 1). */
export const catalogFileSchema = z
  .strictObject({
    formatVersion: z.literal(1),
    section: sectionDefSchema,
    datasets: z.array(datasetDefSchema),
  })
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    file.datasets.forEach((d, i) => {
      if (ids.has(d.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['datasets', i, 'id'],
          message: `รหัสชุดข้อมูลซ้ำ: ${d.id} (duplicate dataset id)`,
        });
      }
      ids.add(d.id);
    });
  });
export type CatalogFile = z.infer<typeof catalogFileSchema>;

/** Query of the catalog API and pages: an optional Buddhist-era fiscal year and an optional search text. */
export const catalogQuerySchema = z.object({
  year: qYear,
  q: z.string().trim().max(100).optional(),
  lang: z.string().optional(),
});

/** A data set id in a URL. */
export const datasetIdParamSchema = z.object({
  id: z
    .string()
    .regex(kebabIdPattern, msg('รหัสชุดข้อมูลต้องเป็น a-z 0-9 คั่นด้วย -', 'id must be a kebab-case data set id')),
});

/** The year and data set id of a catalog page URL. */
export const datasetPageParamsSchema = datasetIdParamSchema.extend({
  year: z.coerce
    .number({ error: msg('ปีงบประมาณต้องเป็นตัวเลข พ.ศ.', 'year must be a Buddhist-era fiscal year') })
    .int(msg('ปีงบประมาณต้องเป็นจำนวนเต็ม', 'year must be a whole number'))
    .min(2550, msg('ปีงบประมาณต้องไม่น้อยกว่า 2550', 'year must be at least 2550'))
    .max(2700, msg('ปีงบประมาณต้องไม่เกิน 2700', 'year must be at most 2700')),
});
