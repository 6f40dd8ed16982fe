// Progressive enhancement of the status search (/status): choosing a province fills the districts, and a
// district fills its LAOs, without a round trip of the whole form. Without this script the form still works:
// the server fills the choices after "ค้นหา".
(() => {
  const form = document.querySelector('form[data-cascade]');
  if (!form) return;
  const province = form.elements.namedItem('province');
  const district = form.elements.namedItem('district');
  const lao = form.elements.namedItem('lao');
  const year = form.elements.namedItem('year');
  const en = document.documentElement.lang === 'en';
  const words = en
    ? { allDistricts: 'All districts', province: 'Choose a province first', allLaos: 'All LAOs', district: 'Choose a district first' }
    : { allDistricts: 'ทุกอำเภอ', province: 'เลือกจังหวัดก่อน', allLaos: 'ทุก อปท.', district: 'เลือกอำเภอก่อน' };

  const fill = (select, first, items) =>
    select.replaceChildren(new Option(first, ''), ...items.map((i) => new Option(i.label, i.value)));

  // Only the answer to the latest choice is used: a slow answer to an earlier one is dropped.
  let asked = 0;
  async function load(url) {
    const mine = ++asked;
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(String(res.status));
    const body = await res.json();
    return mine === asked ? body : null;
  }

  province.addEventListener('change', async () => {
    fill(lao, words.district, []);
    if (!province.value) return fill(district, words.province, []);
    try {
      const items = await load(`/api/v1/districts?province=${encodeURIComponent(province.value)}`);
      if (items) fill(district, words.allDistricts, items.map((d) => ({ value: d.code, label: en ? d.nameEn : d.nameTh })));
    } catch {
      fill(district, words.allDistricts, []);
    }
  });

  district.addEventListener('change', async () => {
    if (!district.value) return fill(lao, words.district, []);
    try {
      const q = new URLSearchParams({ district: district.value, year: year.value, pageSize: '100' });
      const body = await load(`/api/v1/laos?${q}`);
      if (body) fill(lao, words.allLaos, body.items.map((l) => ({ value: l.code, label: l.nameTh })));
    } catch {
      fill(lao, words.allLaos, []);
    }
  });
})();
