import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldDef } from '../../test/catalog-defs.ts';
import type { DatasetDef, FieldDef, RuleDef } from './catalog.schemas.ts';
import { defaultCatalogFiles } from './catalog-files.ts';
import {
  appliesTo,
  datasetCompleteness,
  normalizeValue,
  type ValueSource,
  validateRow,
} from './validation.ts';

const field = fieldDef;

const waste = defaultCatalogFiles()
  .flatMap((f) => f.datasets)
  .find((d) => d.id === 'waste-management')!;
const generated = waste.fields.find((f) => f.key === 'generatedTonsPerDay')!;

const options = [
  { value: 'sanitary_landfill', labelTh: 'ฝังกลบถูกหลักวิชาการ', labelEn: 'Sanitary landfill' },
  { value: 'open_dump', labelTh: 'เทกอง', labelEn: 'Open dump' },
  { value: 'composting', labelTh: 'หมักทำปุ๋ย', labelEn: 'Composting' },
];

const f = {
  count: field('count', 'integer', { min: 0, max: 1000, unit: 'คน', unitEn: 'persons' }),
  tons: field('tons', 'decimal', { min: 0, max: 20000, decimals: 2, unit: 'ตัน/วัน', unitEn: 't/day' }),
  code: field('code', 'text', {
    pattern: '^[0-9]{6}$',
    maxLength: 6,
    helpTh: 'เช่น 310104',
    helpEn: 'e.g. 310104',
  }),
  name: field('name', 'text', { maxLength: 10 }),
  method: field('method', 'enum', { options }),
  methods: field('methods', 'multi_enum', { options }),
  flag: field('flag', 'boolean'),
  day: field('day', 'date'),
  point: field('point', 'geo'),
};

function ok(fd: FieldDef, raw: unknown, source: ValueSource) {
  const r = normalizeValue(fd, raw, source);
  assert.ok(r.ok, `expected ${JSON.stringify(raw)} to pass: ${r.ok ? '' : r.message.en}`);
  return r.value;
}

function bad(fd: FieldDef, raw: unknown, source: ValueSource) {
  const r = normalizeValue(fd, raw, source);
  assert.ok(!r.ok, `expected ${JSON.stringify(raw)} to fail`);
  return r;
}

describe('normalizeValue: each type from the API (JSON types)', () => {
  it('takes numbers as numbers and refuses numeric strings', () => {
    assert.equal(ok(f.count, 12, 'api'), 12);
    assert.equal(ok(f.tons, 12.25, 'api'), 12.25);
    assert.equal(bad(f.count, '12', 'api').code, 'type');
  });

  it('takes text, trimmed and with spaces collapsed', () => {
    assert.equal(ok(f.name, '  บ้าน   บัว ', 'api'), 'บ้าน บัว');
    assert.equal(bad(f.name, 5, 'api').code, 'type');
  });

  it('takes an enum by its option value only', () => {
    assert.equal(ok(f.method, 'open_dump', 'api'), 'open_dump');
    assert.equal(bad(f.method, 'เทกอง', 'api').code, 'option');
  });

  it('takes a multi_enum as a list, stored in option order without repeats', () => {
    assert.deepEqual(ok(f.methods, ['composting', 'sanitary_landfill', 'composting'], 'api'), [
      'sanitary_landfill',
      'composting',
    ]);
    assert.equal(bad(f.methods, 'composting', 'api').code, 'type');
    assert.equal(bad(f.methods, ['composting', 'burning'], 'api').code, 'option');
  });

  it('takes true and false only', () => {
    assert.equal(ok(f.flag, false, 'api'), false);
    assert.equal(bad(f.flag, 'true', 'api').code, 'type');
  });

  it('takes an ISO date in the Common Era and refuses a Buddhist-era or impossible one', () => {
    assert.equal(ok(f.day, '2026-05-14', 'api'), '2026-05-14');
    assert.equal(bad(f.day, '2569-05-14', 'api').code, 'type');
    assert.equal(bad(f.day, '2026-02-30', 'api').code, 'type');
    assert.equal(bad(f.day, '14/05/2569', 'api').code, 'type');
  });

  it('takes a point as { lat, lon }', () => {
    assert.deepEqual(ok(f.point, { lat: 14.993, lon: 103.1029 }, 'api'), { lat: 14.993, lon: 103.1029 });
    assert.equal(bad(f.point, '14.993,103.1029', 'api').code, 'type');
    assert.equal(bad(f.point, { lat: '14', lon: 103 }, 'api').code, 'type');
  });

  it('treats undefined, null, blank text and an empty list as empty', () => {
    for (const raw of [undefined, null, '', '   ']) assert.equal(ok(f.count, raw, 'api'), null);
    assert.equal(ok(f.methods, [], 'api'), null);
  });
});

describe('normalizeValue: each type from a form, Excel or CSV (text)', () => {
  it('reads numbers with thousands separators and Thai digits', () => {
    assert.equal(ok(f.tons, '1,234.5', 'form'), 1234.5);
    assert.equal(ok(f.count, '๑๒', 'form'), 12);
    assert.equal(ok(f.count, 7, 'form'), 7);
    assert.equal(bad(f.count, '12 คน', 'form').code, 'type');
    assert.equal(bad(f.tons, '1,23.5', 'form').code, 'type');
  });

  it('keeps text as typed, trimmed', () => {
    assert.equal(ok(f.code, ' 310104 ', 'form'), '310104');
  });

  it('takes an enum by value or Thai label (and English label)', () => {
    assert.equal(ok(f.method, 'เทกอง', 'form'), 'open_dump');
    assert.equal(ok(f.method, 'open_dump', 'form'), 'open_dump');
    assert.equal(ok(f.method, 'open dump', 'form'), 'open_dump');
  });

  it('takes a multi_enum as a list or a string split by commas or semicolons', () => {
    assert.deepEqual(ok(f.methods, 'หมักทำปุ๋ย, เทกอง', 'form'), ['open_dump', 'composting']);
    assert.deepEqual(ok(f.methods, 'composting;sanitary_landfill', 'form'), [
      'sanitary_landfill',
      'composting',
    ]);
    assert.deepEqual(ok(f.methods, ['เทกอง'], 'form'), ['open_dump']);
  });

  it('reads true/false/1/0/ใช่/ไม่ใช่/มี/ไม่มี', () => {
    for (const t of ['true', '1', 'ใช่', 'มี', 'TRUE']) assert.equal(ok(f.flag, t, 'form'), true, t);
    for (const v of ['false', '0', 'ไม่ใช่', 'ไม่มี']) assert.equal(ok(f.flag, v, 'form'), false, v);
    assert.equal(bad(f.flag, 'อาจจะ', 'form').code, 'type');
  });

  it('reads a date typed dd/mm/yyyy in the Buddhist era and stores it as an ISO CE date', () => {
    assert.equal(ok(f.day, '14/05/2569', 'form'), '2026-05-14');
    assert.equal(ok(f.day, '1/10/2568', 'form'), '2025-10-01');
    assert.equal(bad(f.day, '14/05/2026', 'form').code, 'type');
    assert.equal(bad(f.day, '31/02/2569', 'form').code, 'type');
    assert.equal(bad(f.day, '2026-05-14', 'form').code, 'type');
  });

  it('reads a point typed "lat,lon"', () => {
    assert.deepEqual(ok(f.point, '14.9930, 103.1029', 'form'), { lat: 14.993, lon: 103.1029 });
    assert.equal(bad(f.point, '14.9930', 'form').code, 'type');
  });
});

describe('normalizeValue: the checks', () => {
  it('requires a required field, saying what to do', () => {
    const r = bad(generated, '', 'form');
    assert.equal(r.code, 'required');
    assert.equal(r.message.th, 'กรอกปริมาณขยะที่เกิดขึ้นเป็นตัวเลขไม่ติดลบ หน่วย ตัน/วัน');
    const choice = bad({ ...f.method, required: true }, null, 'api');
    assert.deepEqual(choice.message, { th: 'เลือกช่องmethod', en: 'Select Field method' });
  });

  it('refuses a negative tonnage with the Thai and English messages naming label and unit', () => {
    const r = bad(generated, -1, 'api');
    assert.equal(r.code, 'min');
    assert.deepEqual(r.message, {
      th: 'กรอกปริมาณขยะที่เกิดขึ้นเป็นตัวเลขไม่ติดลบ หน่วย ตัน/วัน',
      en: 'Enter Waste generated as a number of at least 0 (t/day)',
    });
  });

  it('checks the maximum', () => {
    const r = bad(f.tons, '20,000.01', 'form');
    assert.equal(r.code, 'max');
    assert.equal(r.message.th, 'กรอกช่องtonsเป็นตัวเลขไม่เกิน 20,000 หน่วย ตัน/วัน');
    assert.equal(r.message.en, 'Enter Field tons as a number of at most 20,000 (t/day)');
  });

  it('checks whole numbers and decimal places', () => {
    assert.equal(bad(f.count, 1.5, 'api').code, 'integer');
    assert.equal(ok(f.count, '12.0', 'form'), 12);
    const r = bad(f.tons, '1.234', 'form');
    assert.equal(r.code, 'decimals');
    assert.match(r.message.th, /ทศนิยมไม่เกิน 2 ตำแหน่ง/);
    assert.equal(ok(f.tons, '1.230', 'form'), 1.23);
  });

  it('checks the pattern, whole value, with the help text as an example', () => {
    const r = bad(f.code, '3101045', 'form');
    assert.equal(r.code, 'max_length');
    const p = bad(f.code, '31010x', 'form');
    assert.equal(p.code, 'pattern');
    assert.equal(p.message.th, 'กรอกช่องcodeให้ถูกรูปแบบ (เช่น 310104)');
  });

  it('checks the length in characters, Thai vowels and tone marks included', () => {
    assert.equal(ok(f.name, 'บ้านบัว', 'form'), 'บ้านบัว');
    const r = bad(f.name, 'เทศบาลเมืองบ้านบัว', 'form');
    assert.equal(r.code, 'max_length');
    assert.deepEqual(r.message, {
      th: 'กรอกช่องnameไม่เกิน 10 ตัวอักษร',
      en: 'Enter Field name in 10 characters or fewer',
    });
  });

  it('checks enum membership and lists the choices', () => {
    const r = bad(f.method, 'เผา', 'form');
    assert.equal(r.code, 'option');
    assert.match(r.message.th, /^เลือกช่องmethodจากรายการที่กำหนด \(ฝังกลบถูกหลักวิชาการ, เทกอง, หมักทำปุ๋ย\)/);
  });

  it('refuses a point outside Thailand, such as swapped coordinates', () => {
    const r = bad(f.point, { lat: 103.1, lon: 14.99 }, 'api');
    assert.equal(r.code, 'geo_range');
    assert.match(r.message.th, /ละติจูด 5–21 ลองจิจูด 97–106/);
    assert.equal(bad(f.point, '35.68,139.69', 'form').code, 'geo_range');
  });

  it('words type errors for the source: JSON for the API, typing for the form', () => {
    assert.match(bad(f.day, 'x', 'api').message.en, /ISO date YYYY-MM-DD/);
    assert.match(bad(f.day, 'x', 'form').message.th, /วว\/ดด\/ปปปป พ\.ศ\./);
    assert.match(bad(f.flag, 'x', 'api').message.en, /true or false/);
  });
});

/** A data set of two numbers, two dates, a yes/no and its dependant, ruled by `rules`. */
function ruled(rules: RuleDef['check'][], severity: RuleDef['severity'] = 'error'): DatasetDef {
  return {
    id: 'test-set',
    nameTh: 'ชุดทดสอบ',
    nameEn: 'Test set',
    kind: 'form',
    appliesTo: 'all',
    source: 'I',
    descriptionTh: 'ทดสอบ',
    descriptionEn: 'Test',
    fields: [
      field('a', 'decimal'),
      field('b', 'decimal'),
      field('total', 'decimal'),
      field('start', 'date'),
      field('end', 'date'),
      field('has', 'boolean'),
      field('level', 'enum', { options }),
    ],
    rules: rules.map((check, i) => ({
      id: `rule-${i}`,
      severity,
      check,
      messageTh: `กฎ ${i}`,
      messageEn: `rule ${i}`,
    })),
  };
}

const ruleIds = (d: DatasetDef, values: Record<string, unknown>) =>
  validateRow(d, values, 'api').errors.map((e) => `${e.field}:${e.code}`);

describe('validateRow: rules', () => {
  for (const [op, pass, fail] of [
    ['lte', [1, 1], [2, 1]],
    ['lt', [1, 2], [1, 1]],
    ['gte', [1, 1], [1, 2]],
    ['gt', [2, 1], [1, 1]],
    ['eq', [0.1 + 0.2, 0.3], [1, 2]],
  ] as const) {
    it(`${op}: passes ${pass.join(' vs ')}, fails ${fail.join(' vs ')}, skips an empty side`, () => {
      const d = ruled([{ op, left: 'a', right: 'b' }]);
      assert.deepEqual(ruleIds(d, { a: pass[0], b: pass[1] }), []);
      assert.deepEqual(ruleIds(d, { a: fail[0], b: fail[1] }), ['a:rule']);
      assert.deepEqual(ruleIds(d, { a: fail[0] }), []);
    });
  }

  it('compares dates', () => {
    const d = ruled([{ op: 'gte', left: 'end', right: 'start' }]);
    assert.deepEqual(ruleIds(d, { start: '2026-01-01', end: '2025-12-31' }), ['end:rule']);
    assert.deepEqual(ruleIds(d, { start: '2026-01-01', end: '2026-01-01' }), []);
  });

  it('sum_eq waits for every part and allows for decimal rounding', () => {
    const d = ruled([{ op: 'sum_eq', fields: ['a', 'b'], right: 'total' }]);
    assert.deepEqual(ruleIds(d, { a: 0.1, b: 0.2, total: 0.3 }), []);
    assert.deepEqual(ruleIds(d, { a: 1, b: 2, total: 4 }), ['a:rule']);
    assert.deepEqual(ruleIds(d, { a: 1, total: 4 }), []);
  });

  it('sum_lte counts the parts given', () => {
    const d = ruled([{ op: 'sum_lte', fields: ['a', 'b'], right: 'total' }]);
    assert.deepEqual(ruleIds(d, { a: 2, b: 2, total: 4 }), []);
    assert.deepEqual(ruleIds(d, { a: 5, total: 4 }), ['a:rule']);
    assert.deepEqual(ruleIds(d, { total: 4 }), []);
  });

  it('required_if asks for the field only when the condition holds', () => {
    const d = ruled([
      { op: 'required_if', field: 'a', when: 'has', equals: true },
      { op: 'required_if', field: 'b', when: 'level', equals: 'open_dump' },
    ]);
    assert.deepEqual(ruleIds(d, { has: true }), ['a:rule']);
    assert.deepEqual(ruleIds(d, { has: false }), []);
    assert.deepEqual(ruleIds(d, { has: true, a: 0 }), []);
    assert.deepEqual(ruleIds(d, { level: 'open_dump' }), ['b:rule']);
    assert.deepEqual(ruleIds(d, {}), []);
  });

  it('puts warning rules in warnings, with the rule id and message', () => {
    const d = ruled([{ op: 'lte', left: 'a', right: 'b' }], 'warning');
    const r = validateRow(d, { a: 3, b: 1 }, 'api');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.warnings, [{ ruleId: 'rule-0', field: 'a', message: { th: 'กฎ 0', en: 'rule 0' } }]);
  });

  it('does not compare a field that has its own error', () => {
    const d = ruled([{ op: 'lte', left: 'a', right: 'b' }]);
    assert.deepEqual(ruleIds(d, { a: 'many', b: 1 }), ['a:type']);
  });

  it('reports unknown keys as unknown_field', () => {
    const r = validateRow(waste, { generatedTonsPerDay: 1, producedTons: 2 }, 'api');
    const unknown = r.errors.find((e) => e.code === 'unknown_field');
    assert.equal(unknown?.field, 'producedTons');
    assert.match(unknown!.message.th, /ไม่มีฟิลด์ producedTons/);
  });

  it('checks the waste form: collected cannot exceed generated, values normalised from the form', () => {
    const r = validateRow(
      waste,
      {
        generatedTonsPerDay: '12.5',
        collectedTonsPerDay: '13',
        recycledTonsPerDay: '1',
        servedPopulation: '5,400',
        disposalMethod: 'ฝังกลบถูกหลักวิชาการ',
      },
      'form',
    );
    assert.equal(r.values.servedPopulation, 5400);
    assert.equal(r.values.disposalMethod, 'sanitary_landfill');
    const rule = r.errors.find((e) => e.code === 'rule');
    assert.deepEqual(rule, {
      field: 'collectedTonsPerDay',
      code: 'rule',
      ruleId: 'collected-le-generated',
      message: {
        th: 'ปริมาณขยะที่เก็บขนได้ต้องไม่มากกว่าปริมาณขยะที่เกิดขึ้น',
        en: 'Waste collected cannot exceed waste generated',
      },
    });
  });
});

/** A complete, valid record of the waste form in stored (API) values. */
function wasteRecord(): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const fd of waste.fields) {
    if (!fd.required) continue;
    if (fd.type === 'enum') values[fd.key] = fd.options[0]!.value;
    else if (fd.type === 'boolean') values[fd.key] = true;
    else values[fd.key] = fd.min ?? 0;
  }
  return { ...values, generatedTonsPerDay: 10, collectedTonsPerDay: 9, recycledTonsPerDay: 1 };
}

describe('datasetCompleteness', () => {
  const list = ruled([{ op: 'lte', left: 'a', right: 'b' }]);
  const listSet: DatasetDef = {
    ...list,
    kind: 'list',
    fields: list.fields.map((x) => (x.key === 'a' ? { ...x, required: true } : x)),
  };

  it('is empty when nothing is recorded (blank rows do not count)', () => {
    assert.deepEqual(datasetCompleteness(waste, { none: false, rows: [] }), {
      status: 'empty',
      errorCount: 0,
      warningCount: 0,
    });
    assert.equal(
      datasetCompleteness(waste, { none: false, rows: [{ generatedTonsPerDay: null }] }).status,
      'empty',
    );
  });

  it('is none when the LAO declared it has none in its area', () => {
    assert.equal(datasetCompleteness(listSet, { none: true, rows: [] }).status, 'none');
  });

  it('is complete for a form whose one record has every required field and no error', () => {
    assert.deepEqual(datasetCompleteness(waste, { none: false, rows: [wasteRecord()] }), {
      status: 'complete',
      errorCount: 0,
      warningCount: 0,
    });
  });

  it('is partial for a form missing a required field, or breaking a rule', () => {
    const { servedPopulation: _, ...missing } = wasteRecord();
    const r = datasetCompleteness(waste, { none: false, rows: [missing] });
    assert.deepEqual(r, { status: 'partial', errorCount: 1, warningCount: 0 });
    const broken = { ...wasteRecord(), collectedTonsPerDay: 11 };
    assert.equal(datasetCompleteness(waste, { none: false, rows: [broken] }).status, 'partial');
  });

  it('is complete for a list with every row valid, partial when one row is not', () => {
    assert.equal(
      datasetCompleteness(listSet, { none: false, rows: [{ a: 1 }, { a: 2, b: 3 }] }).status,
      'complete',
    );
    const r = datasetCompleteness(listSet, { none: false, rows: [{ a: 1 }, { b: 3 }, { a: 5, b: 1 }] });
    assert.deepEqual(r, { status: 'partial', errorCount: 2, warningCount: 0 });
  });

  it('counts warnings without blocking completeness', () => {
    const warned = ruled([{ op: 'lte', left: 'a', right: 'b' }], 'warning');
    assert.deepEqual(datasetCompleteness(warned, { none: false, rows: [{ a: 2, b: 1 }] }), {
      status: 'complete',
      errorCount: 0,
      warningCount: 1,
    });
  });

  it('ignores values of fields the definition no longer has (archived by an import)', () => {
    const row = { ...wasteRecord(), oldField: 5 };
    assert.equal(datasetCompleteness(waste, { none: false, rows: [row] }).status, 'complete');
  });
});

describe('appliesTo', () => {
  it('applies "all" to every type and a list only to its types', () => {
    assert.equal(appliesTo({ appliesTo: 'all' }, 'subdistrict_admin_org'), true);
    assert.equal(appliesTo({ appliesTo: ['provincial_admin_org'] }, 'provincial_admin_org'), true);
    assert.equal(appliesTo({ appliesTo: ['provincial_admin_org'] }, 'town_municipality'), false);
  });
});
