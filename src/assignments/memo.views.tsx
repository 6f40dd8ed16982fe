import { translator } from '../plugins/i18n.ts';
import {
  DateInput,
  dateHint,
  ErrorSummary,
  ScrollBox,
  TextInput,
  type ViewFieldError,
} from '../views/components.tsx';
import { errorFor } from '../views/forms.ts';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import type { Assignments } from './assignments.service.ts';
import { isoToBE } from './due-dates.ts';
import { sectionTitle } from './section-names.ts';

type MemoRow = { key: string; no: string; section: string; division: string; person: string; due: string };

function memoRows(data: Assignments): MemoRow[] {
  const due = (d: string | null) =>
    (d ?? data.nationalDeadline) ? isoToBE((d ?? data.nationalDeadline)!) : '';
  return data.sections.flatMap((s, i) => [
    {
      key: `s${s.no}`,
      no: String(i + 1),
      section: sectionTitle(s),
      division: s.divisionNameTh ?? '',
      person: s.responsibleName ?? '',
      due: due(s.dueDate),
    },
    ...s.datasets
      .filter((d) => d.override)
      .map((d) => ({
        key: d.id,
        no: '',
        section: `– ชุดข้อมูล ${d.nameTh}`,
        division: d.divisionNameTh ?? '',
        person: d.responsibleName ?? '',
        due: due(d.dueDate),
      })),
  ]);
}

/**
 * The internal memo (บันทึกข้อความ) that notifies each division of what it records and by when, laid out
 * like the official Thai memo and printable on A4. The memo itself is always in Thai: it is an official
 * document; the form above it (number and date, not stored) follows the page language.
 */
export function MemoPage(p: {
  ctx: PageCtx;
  data: Assignments;
  memoNo: string;
  memoDate: string;
  values: Record<string, string | undefined>;
  errors: ViewFieldError[];
}) {
  const t = translator(p.ctx.lang);
  const { data } = p;
  const rows = memoRows(data);
  const dues = [...new Set(rows.filter((r) => r.no).map((r) => r.due))];
  const byWhen = dues.length === 1 && dues[0] ? `ภายในวันที่ ${dues[0]}` : 'ภายในกำหนดแล้วเสร็จตามตารางต่อไปนี้';
  const subject = `การบันทึกข้อมูลในระบบข้อมูลกลางองค์กรปกครองส่วนท้องถิ่น (INFO) ประจำปีงบประมาณ ${data.year}`;
  return (
    <Layout
      ctx={p.ctx}
      title={`${t('บันทึกข้อความ', 'Memo')} ${data.lao.nameTh} ${data.year}`}
      hasErrors={p.errors.length > 0}
      wide
      breadcrumbs={[
        {
          href: `/laos/${data.laoCode}/years/${data.year}/assignments`,
          label: t('มอบหมายงาน', 'Assignments'),
        },
      ]}
    >
      <div class="app-noprint">
        <ErrorSummary errors={p.errors} lang={p.ctx.lang} />
        <h1 class="govuk-heading-l">{t('บันทึกข้อความมอบหมายงาน', 'The assignment memo')}</h1>
        <form
          method="get"
          action={`/laos/${data.laoCode}/years/${data.year}/assignments/memo`}
          class="app-search-row"
        >
          <TextInput
            name="no"
            label={t('ที่ (เลขที่หนังสือ)', 'Number')}
            width="20"
            value={p.values.no}
            error={errorFor(p.errors, 'no')}
          />
          <DateInput
            name="date"
            label={t('วันที่', 'Date')}
            value={p.values.date}
            error={errorFor(p.errors, 'date')}
            lang={p.ctx.lang}
          />
          <div class="govuk-form-group">
            <button type="submit" class="govuk-button govuk-button--secondary">
              {t('แสดงในบันทึก', 'Show in the memo')}
            </button>
          </div>
        </form>
        <p class="govuk-body">
          {t('สั่งพิมพ์จากเบราว์เซอร์ (Ctrl+P) บนกระดาษ A4', 'Print it from the browser (Ctrl+P) on A4')}
        </p>
      </div>
      <article class="app-memo" lang="th" aria-label="บันทึกข้อความ">
        <h2 class="app-memo__title">บันทึกข้อความ</h2>
        <p class="app-memo__line">
          <strong>ส่วนราชการ</strong> สำนักปลัด {data.lao.nameTh} อำเภอ{data.lao.districtNameTh} จังหวัด
          {data.lao.provinceNameTh}
        </p>
        <p class="app-memo__line app-memo__split">
          <span>
            <strong>ที่</strong> {p.memoNo || '.............................'}
          </span>
          <span>
            <strong>วันที่</strong> {p.memoDate}
          </span>
        </p>
        <p class="app-memo__line app-memo__rule">
          <strong>เรื่อง</strong> {subject}
        </p>
        <p class="app-memo__line">
          <strong>เรียน</strong> ผู้อำนวยการกอง หัวหน้าสำนักปลัด และหัวหน้าหน่วยงานที่เกี่ยวข้อง
        </p>
        <p class="app-memo__para">
          ตามที่กรมส่งเสริมการปกครองท้องถิ่นกำหนดให้องค์กรปกครองส่วนท้องถิ่นบันทึกข้อมูลในระบบข้อมูลกลางองค์กรปกครองส่วนท้องถิ่น
          (INFO) ให้น่าเชื่อถือ ถูกต้อง เป็นปัจจุบัน และครบถ้วน ซึ่งเป็นตัวชี้วัดหนึ่งของการประเมินประสิทธิภาพขององค์กรปกครองส่วนท้องถิ่น
          (LPA) นั้น
        </p>
        <p class="app-memo__para">
          เพื่อให้การบันทึกข้อมูลของ{data.lao.nameTh} ประจำปีงบประมาณ {data.year} เป็นไปด้วยความเรียบร้อย
          จึงขอมอบหมายให้หน่วยงานที่รับผิดชอบบันทึกข้อมูลแต่ละด้านให้ครบถ้วนและเป็นปัจจุบัน {byWhen} ดังนี้
        </p>
        <ScrollBox label="ตารางการมอบหมาย">
          <table class="app-memo__table">
            <thead>
              <tr>
                <th scope="col">ลำดับ</th>
                <th scope="col">ด้าน</th>
                <th scope="col">หน่วยงานที่รับผิดชอบ</th>
                <th scope="col">ผู้รับผิดชอบ</th>
                <th scope="col">กำหนดแล้วเสร็จ</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <td class="app-memo__num">{r.no}</td>
                  <td>{r.section}</td>
                  <td>{r.division || '–'}</td>
                  <td>{r.person}</td>
                  <td class="app-memo__num">{r.due}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
        <p class="app-memo__para">จึงเรียนมาเพื่อโปรดทราบและดำเนินการ</p>
        <div class="app-memo__sign">
          <p>(.............................................)</p>
          <p>ปลัด{data.lao.nameTh}</p>
        </div>
      </article>
    </Layout>
  );
}
