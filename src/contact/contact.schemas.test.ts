import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contactSchema, formatPhone, normalisePhone } from './contact.schemas.ts';

describe('Thai phone numbers', () => {
  it('reads mobiles (10 digits, 06/08/09) and fixed lines (9 digits, 02–07) typed with dashes, spaces or +66', () => {
    assert.equal(normalisePhone('081-234-5678'), '0812345678');
    assert.equal(normalisePhone('+66 81 234 5678'), '0812345678');
    assert.equal(normalisePhone('(044) 611-111'), '044611111');
    assert.equal(normalisePhone('02.123.4567'), '021234567');
  });

  it('refuses numbers that are not Thai', () => {
    for (const x of ['081234567', '044-611-1111', '0012345678', '1234567890', '01-234-5678', '', 'abc']) {
      assert.equal(normalisePhone(x), null, x);
    }
  });

  it('groups the digits as Thai readers write them', () => {
    assert.equal(formatPhone('0812345678'), '081-234-5678');
    assert.equal(formatPhone('021234567'), '02-123-4567');
    assert.equal(formatPhone('044611111'), '044-611-111');
  });
});

describe('contactSchema', () => {
  it('trims, collapses spaces and lower-cases the address', () => {
    const r = contactSchema.parse({
      responsibleName: '  นาย  สมชาย   ใจดี ',
      responsiblePosition: 'ปลัด',
      responsibleDivision: 'สำนักปลัด',
      phone: '0812345678',
      email: ' SARABAN@Banbua.GO.TH ',
    });
    assert.equal(r.responsibleName, 'นาย สมชาย ใจดี');
    assert.equal(r.email, 'saraban@banbua.go.th');
    assert.equal(r.phone, '081-234-5678');
  });
});
