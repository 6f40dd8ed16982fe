import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullNameTh, searchKey, shortNameTh } from './lao-names.ts';

describe('LAO names', () => {
  it('composes the full Thai name from type and name', () => {
    assert.equal(fullNameTh('town_municipality', 'บ้านบัว'), 'เทศบาลเมืองบ้านบัว');
    assert.equal(fullNameTh('subdistrict_admin_org', 'กระสัง'), 'องค์การบริหารส่วนตำบลกระสัง');
    assert.equal(fullNameTh('provincial_admin_org', 'บุรีรัมย์'), 'องค์การบริหารส่วนจังหวัดบุรีรัมย์');
    assert.equal(fullNameTh('city_municipality', 'บุรีรัมย์'), 'เทศบาลนครบุรีรัมย์');
    assert.equal(fullNameTh('subdistrict_municipality', 'บ้านบัว'), 'เทศบาลตำบลบ้านบัว');
    assert.equal(fullNameTh('special_admin_area', 'เมืองพัทยา'), 'เมืองพัทยา');
    assert.equal(fullNameTh('special_admin_area', 'พัทยา'), 'เมืองพัทยา');
  });
  it('composes the short name', () => {
    assert.equal(shortNameTh('town_municipality', 'บ้านบัว'), 'ทม.บ้านบัว');
  });
});

describe('searchKey', () => {
  it('ignores spaces, dots and the type prefix', () => {
    for (const q of ['บ้านบัว', 'บ้าน บัว', 'ทต.บ้านบัว', 'ทต. บ้านบัว', 'เทศบาลตำบลบ้านบัว', 'เทศบาลเมืองบ้านบัว']) {
      assert.equal(searchKey(q), 'บ้านบัว', q);
    }
  });
  it('removes zero-width characters and normalises', () => {
    assert.equal(searchKey('บ้าน\u200bบัว'), 'บ้านบัว');
  });
  it('keeps a name that is only a prefix-like word', () => {
    assert.equal(searchKey('เทศบาล'), 'เทศบาล');
  });
  it('does not strip เมือง, which begins many real names', () => {
    assert.equal(searchKey('เมืองพัทยา'), 'เมืองพัทยา');
    assert.equal(searchKey('องค์การบริหารส่วนจังหวัดบุรีรัมย์'), 'บุรีรัมย์');
  });
});
