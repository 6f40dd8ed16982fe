import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { fieldDef } from '../../test/catalog-defs.ts';
import type { FieldDef } from './catalog.schemas.ts';
import { type CatalogFile, catalogFileSchema } from './catalog.schemas.ts';

const dir = new URL('./definitions/', import.meta.url);
const names = readdirSync(dir)
  .filter((n) => n.endsWith('.json'))
  .sort();

/** Reads one definition file and runs it through the schema. */
function load(name: string) {
  const json: unknown = JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
  return { name, parsed: catalogFileSchema.safeParse(json) };
}

const thai = /[\u0E01-\u0E5B]/;

describe('the default catalog files', () => {
  const loaded = names.map(load);
  const files: { name: string; file: CatalogFile }[] = loaded.flatMap(({ name, parsed }) =>
    parsed.success ? [{ name, file: parsed.data }] : [],
  );
  const datasets = files.flatMap(({ file }) => file.datasets);

  it('has 10 files that each pass the schema', () => {
    assert.equal(names.length, 10);
    for (const { name, parsed } of loaded) {
      assert.ok(parsed.success, `${name}:\n${parsed.success ? '' : z.prettifyError(parsed.error)}`);
    }
  });

  it('tags each data set as the reference catalog notes do, and never C where the reference infers fields', () => {
    // The reference catalog's notes (shared/reference/catalog-seed.md), data set by data set: [C] only where the
    // cited source confirms the set and its fields; [C~] where a related DLA set is confirmed and its link to INFO
    // inferred; a set whose fields the notes call inferred ("field set [I]", "+ [I]", "categories [I]") is not C.
    // Every set the notes do not tag is [I].
    const reference: Record<string, 'C' | 'C~'> = {
      'area-coverage': 'C~', // tambon gazetteer areacoverage
      'villages-communities': 'C', // INFO v1 listed villages
      'executives-council': 'C', // INFO v1 showed executives' names and terms
      'local-roads': 'C~', // road codes, surface, width in e-GP project names; list shape [I]
      'village-water-supply': 'C~', // the public WaterSupply dashboard; mapping to INFO [I]
      'village-water-sources': 'C~', // the same dashboard
      'tourist-attractions': 'C~', // DLA open data set "travel"
    };
    const inferredFields = ['annual-basic-data', 'waste-management', 'actual-revenue'];
    for (const d of datasets) {
      assert.equal(
        d.source,
        reference[d.id] ?? 'I',
        `${d.id}: the reference catalog tags it ${reference[d.id] ?? 'I'}`,
      );
      if (inferredFields.includes(d.id)) assert.notEqual(d.source, 'C', `${d.id} has inferred fields`);
    }
    for (const id of Object.keys(reference))
      assert.ok(
        datasets.some((d) => d.id === id),
        id,
      );
  });

  it('has sections 0–9 once each, in files named NN-key.json', () => {
    const nos = files.map(({ file }) => file.section.no).sort((a, b) => a - b);
    assert.deepEqual(nos, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const { name, file } of files) {
      assert.equal(name, `${String(file.section.no).padStart(2, '0')}-${file.section.key}.json`);
    }
  });

  it('has at least 3 data sets in every aspect and 2 in the debt report', () => {
    for (const { file } of files) {
      const { no, kind } = file.section;
      if (kind === 'aspect') assert.ok(file.datasets.length >= 3, `aspect ${no}: ${file.datasets.length}`);
      if (no === 9) assert.ok(file.datasets.length >= 2, `debt report: ${file.datasets.length}`);
    }
  });

  it('has at least 40 data sets with ids unique across files', () => {
    assert.ok(datasets.length >= 40, `only ${datasets.length} data sets`);
    const seen = new Set<string>();
    for (const d of datasets) {
      assert.ok(!seen.has(d.id), `duplicate data set id across files: ${d.id}`);
      seen.add(d.id);
    }
  });

  it('labels every enum option in Thai', () => {
    for (const d of datasets) {
      for (const f of d.fields) {
        if (f.type !== 'enum' && f.type !== 'multi_enum') continue;
        for (const o of f.options) {
          assert.match(o.labelTh, thai, `${d.id}.${f.key}.${o.value} has no Thai label`);
        }
      }
    }
  });
});

/** A small valid catalog file for the negative tests to break. */
function minimalFile() {
  const field = (key: string, type: FieldDef['type'], options: FieldDef['options'] = []) =>
    fieldDef(key, type, { labelTh: key, labelEn: key, options });
  return {
    formatVersion: 1,
    section: {
      no: 1,
      key: 'aspect-1',
      kind: 'aspect',
      nameTh: 'สาธารณสุขและสิ่งแวดล้อม',
      nameEn: 'Public health and environment',
      defaultDivisionTh: 'กองสาธารณสุขและสิ่งแวดล้อม',
      defaultDivisionEn: 'Public Health and Environment Division',
    },
    datasets: [
      {
        id: 'waste-management',
        nameTh: 'การจัดการขยะมูลฝอย',
        nameEn: 'Solid waste management',
        kind: 'form',
        appliesTo: 'all',
        source: 'C',
        descriptionTh: 'ทดสอบ',
        descriptionEn: 'Test',
        fields: [
          field('generatedTonsPerDay', 'integer'),
          field('collectedTonsPerDay', 'integer'),
          field('disposalMethod', 'enum', [
            { value: 'sanitary_landfill', labelTh: 'ฝังกลบถูกหลักวิชาการ', labelEn: 'Sanitary landfill' },
            { value: 'open_dump', labelTh: 'เทกอง', labelEn: 'Open dump' },
          ]),
        ],
        rules: [
          {
            id: 'collected-le-generated',
            severity: 'error',
            check: { op: 'lte', left: 'collectedTonsPerDay', right: 'generatedTonsPerDay' },
            messageTh: 'ปริมาณขยะที่เก็บขนได้ต้องไม่มากกว่าปริมาณขยะที่เกิดขึ้น',
            messageEn: 'Waste collected cannot exceed waste generated',
          },
        ],
      },
    ],
  };
}

/** The paths of the issues the schema raises for a file, joined with dots. */
function issuePaths(input: unknown): string[] {
  const parsed = catalogFileSchema.safeParse(input);
  assert.equal(parsed.success, false, 'expected the schema to reject the file');
  return parsed.error!.issues.map((i) => i.path.join('.'));
}

describe('catalogFileSchema', () => {
  it('accepts the minimal file', () => {
    const parsed = catalogFileSchema.safeParse(minimalFile());
    assert.ok(parsed.success, parsed.success ? '' : z.prettifyError(parsed.error));
  });

  it('rejects a rule that points at an unknown field', () => {
    const file = minimalFile();
    file.datasets[0]!.rules[0]!.check.right = 'producedTonsPerDay';
    assert.deepEqual(issuePaths(file), ['datasets.0.rules.0.check.right']);
  });

  it('rejects an enum field without options', () => {
    const file = minimalFile();
    file.datasets[0]!.fields[2]!.options = [];
    assert.deepEqual(issuePaths(file), ['datasets.0.fields.2.options']);
  });
});
